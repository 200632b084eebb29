import { inject, injectable } from 'inversify';
import { Database, type Tx } from '../../db/database.js';
import type { Client } from '../../db/schema.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreateClient, UpdateClient } from './client.schemas.js';

export interface ClientUser {
  userId: string;
  email: string;
  displayName: string;
}

export const toClientView = (c: Client, users: ClientUser[]) => ({
  id: c.id,
  kind: c.kind,
  name: c.name,
  contact: { person: c.contact_person, email: c.contact_email, phone: c.contact_phone },
  invoice: { billingAddress: c.billing_address, registrationNumber: c.invoice_registration_number },
  users,
  createdAt: c.created_at,
  updatedAt: c.updated_at,
});

const nameTaken = (name: string) =>
  new Problem('conflict', `発注者「${name}」は既にあります / A client named "${name}" already exists`);

/** 発注者: the companies and municipal departments a centre takes orders from, and their people. */
@injectable()
export class ClientsService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
  ) {}

  list() {
    return this.db.inTenant(async (tx) => {
      const clients = await tx.selectFrom('clients').selectAll().orderBy('name').execute();
      const users = await this.usersOf(tx);
      return clients.map((c) => toClientView(c, users.get(c.id) ?? []));
    });
  }

  get(id: string) {
    return this.db.inTenant((tx) => this.view(tx, id));
  }

  create(input: CreateClient) {
    return this.db.inTenant(async (tx) => {
      await this.refuseTakenName(tx, input.name);
      const created = await tx
        .insertInto('clients')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          kind: input.kind,
          name: input.name,
          contact_person: input.contact.person,
          contact_email: input.contact.email,
          contact_phone: input.contact.phone,
          billing_address: input.invoice.billingAddress,
          invoice_registration_number: input.invoice.registrationNumber,
        }))
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'client.created',
        entityType: 'client',
        entityId: created.id,
        data: { name: created.name, kind: created.kind },
      });
      return toClientView(created, []);
    });
  }

  /**
   * The client of that name in the caller's transaction, created if it is not there yet: the hub becomes a
   * partner centre's client when the partner first accepts one of its offers.
   */
  async ensureNamed(tx: Tx, name: string, kind: 'company' | 'municipal_department'): Promise<string> {
    const found = await tx.selectFrom('clients').select('id').where('name', '=', name).executeTakeFirst();
    if (found) return found.id;
    const created = await tx
      .insertInto('clients')
      .values(({ eb }) => ({
        tenant_id: eb.fn<string>('kado_current_tenant'),
        kind,
        name,
        contact_person: '',
        contact_email: '',
        contact_phone: '',
        billing_address: '',
      }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.audit.record(tx, {
      action: 'client.created',
      entityType: 'client',
      entityId: created.id,
      data: { name, kind },
    });
    return created.id;
  }

  update(id: string, changes: UpdateClient) {
    return this.db.inTenant(async (tx) => {
      await this.find(tx, id);
      if (changes.name !== undefined) await this.refuseTakenName(tx, changes.name, id);
      const { contact, invoice } = changes;
      await tx
        .updateTable('clients')
        .set({
          ...(changes.kind !== undefined && { kind: changes.kind }),
          ...(changes.name !== undefined && { name: changes.name }),
          ...(contact?.person !== undefined && { contact_person: contact.person }),
          ...(contact?.email !== undefined && { contact_email: contact.email }),
          ...(contact?.phone !== undefined && { contact_phone: contact.phone }),
          ...(invoice?.billingAddress !== undefined && { billing_address: invoice.billingAddress }),
          ...(invoice?.registrationNumber !== undefined && {
            invoice_registration_number: invoice.registrationNumber,
          }),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      await this.audit.record(tx, {
        action: 'client.updated',
        entityType: 'client',
        entityId: id,
        data: { changes },
      });
      return this.view(tx, id);
    });
  }

  remove(id: string) {
    return this.db.inTenant(async (tx) => {
      const existing = await this.find(tx, id);
      const order = await tx.selectFrom('orders').select('id').where('client_id', '=', id).executeTakeFirst();
      if (order)
        throw new Problem(
          'conflict',
          '受注のある発注者は削除できません / A client with orders cannot be deleted',
        );
      // Invoices and other money records keep their client: the database refuses, and so do we, plainly.
      await tx
        .deleteFrom('clients')
        .where('id', '=', id)
        .execute()
        .catch((e: { code?: string }) => {
          if (e.code !== '23503') throw e;
          throw new Problem(
            'conflict',
            '請求書などの記録がある発注者は削除できません / A client with invoices or other records cannot be deleted',
          );
        });
      await this.audit.record(tx, {
        action: 'client.deleted',
        entityType: 'client',
        entityId: id,
        data: { name: existing.name },
      });
    });
  }

  /** Links a client-role member of the tenant to this client; a person belongs to one client only. */
  linkUser(id: string, userId: string) {
    return this.db.inTenant(async (tx) => {
      await this.find(tx, id);
      const member = await tx
        .selectFrom('memberships')
        .select('role')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (member?.role !== 'client')
        throw new Problem(
          'unprocessable',
          'このセンターの発注者ロールのメンバーではありません / Not a member of this centre with the client role',
          {
            errors: [{ pointer: '/body/userId', code: 'not_a_client_member', detail: 'Not a client member' }],
          },
        );
      const linked = await tx
        .selectFrom('client_users')
        .select('client_id')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (linked && linked.client_id !== id)
        throw new Problem(
          'conflict',
          'この人は既に別の発注者に所属しています / This person already belongs to another client',
        );
      if (!linked) {
        await tx
          .insertInto('client_users')
          .values(({ eb }) => ({
            tenant_id: eb.fn<string>('kado_current_tenant'),
            user_id: userId,
            client_id: id,
          }))
          .execute();
        await this.audit.record(tx, {
          action: 'client.user_linked',
          entityType: 'client',
          entityId: id,
          data: { userId },
        });
      }
      return this.view(tx, id);
    });
  }

  unlinkUser(id: string, userId: string) {
    return this.db.inTenant(async (tx) => {
      await this.find(tx, id);
      const removed = await tx
        .deleteFrom('client_users')
        .where('client_id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) throw notFound('発注者の担当者', 'Client user');
      await this.audit.record(tx, {
        action: 'client.user_unlinked',
        entityType: 'client',
        entityId: id,
        data: { userId },
      });
    });
  }

  /** The client a signed-in client-role person belongs to, if any (read inside the tenant set on `tx`). */
  async clientOfUser(tx: Tx, userId: string | null): Promise<string | null> {
    if (!userId) return null;
    const row = await tx
      .selectFrom('client_users')
      .select('client_id')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.client_id ?? null;
  }

  async find(tx: Tx, id: string): Promise<Client> {
    const found = await tx.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
    if (!found) throw notFound('発注者', 'Client');
    return found;
  }

  private async view(tx: Tx, id: string) {
    const client = await this.find(tx, id);
    return toClientView(client, (await this.usersOf(tx, id)).get(id) ?? []);
  }

  private async usersOf(tx: Tx, clientId?: string): Promise<Map<string, ClientUser[]>> {
    let q = tx
      .selectFrom('client_users')
      .innerJoin('users', 'users.id', 'client_users.user_id')
      .select([
        'client_users.client_id as clientId',
        'users.id as userId',
        'users.email',
        'users.display_name as displayName',
      ])
      .orderBy('users.email');
    if (clientId) q = q.where('client_users.client_id', '=', clientId);
    const byClient = new Map<string, ClientUser[]>();
    for (const { clientId: c, ...user } of await q.execute()) {
      byClient.set(c, [...(byClient.get(c) ?? []), user]);
    }
    return byClient;
  }

  private async refuseTakenName(tx: Tx, name: string, exceptId?: string) {
    let q = tx.selectFrom('clients').select('id').where('name', '=', name);
    if (exceptId) q = q.where('id', '!=', exceptId);
    if (await q.executeTakeFirst()) throw nameTaken(name);
  }
}
