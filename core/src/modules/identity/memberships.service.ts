import { inject, injectable } from 'inversify';
import { Database, type Tx } from '../../db/database.js';
import { currentScope } from '../../db/request-context.js';
import type { Role } from '../../db/schema.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { AuditService } from '../audit/audit.service.js';

/** Who belongs to the current tenant, and as what. */
@injectable()
export class MembershipsService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
  ) {}

  list() {
    return this.db.inTenant((tx) =>
      tx
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select([
          'memberships.id',
          'memberships.role',
          'memberships.created_at as createdAt',
          'users.id as userId',
          'users.email',
          'users.display_name as displayName',
        ])
        .orderBy('users.display_name')
        .execute(),
    );
  }

  /** The role of a user in a tenant, if they belong to it. */
  async roleOf(tenantId: string, userId: string): Promise<Role | undefined> {
    const row = await this.db.withTenant(tenantId, (tx) =>
      tx
        .selectFrom('memberships')
        .select('role')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .executeTakeFirst(),
    );
    return row?.role;
  }

  /** Adds a member to the tenant set on `tx`, or changes the role of an existing one. */
  async grant(tx: Tx, userId: string, role: Role) {
    return tx
      .insertInto('memberships')
      .values(({ eb }) => ({ tenant_id: eb.fn<string>('kado_current_tenant'), user_id: userId, role }))
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet({ role }))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  changeRole(id: string, role: Role) {
    return this.db.inTenant(async (tx) => {
      const member = await this.find(tx, id);
      this.refuseSelfChange(member.user_id);
      const updated = await tx
        .updateTable('memberships')
        .set({ role })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'membership.role_changed',
        entityType: 'membership',
        entityId: id,
        data: { from: member.role, to: role },
      });
      return updated;
    });
  }

  remove(id: string) {
    return this.db.inTenant(async (tx) => {
      const member = await this.find(tx, id);
      this.refuseSelfChange(member.user_id);
      await tx.deleteFrom('memberships').where('id', '=', id).execute();
      await this.audit.record(tx, {
        action: 'membership.removed',
        entityType: 'membership',
        entityId: id,
        data: { userId: member.user_id, role: member.role },
      });
    });
  }

  private async find(tx: Tx, id: string) {
    const found = await tx.selectFrom('memberships').selectAll().where('id', '=', id).executeTakeFirst();
    if (!found) throw notFound('メンバー', 'Member');
    return found;
  }

  // An admin demoting or removing themselves could leave a centre with nobody to run it.
  private refuseSelfChange(userId: string) {
    if (currentScope().actor.userId === userId) {
      throw new Problem(
        'conflict',
        '自分自身の権限は変更できません / You cannot change or remove your own membership',
      );
    }
  }
}
