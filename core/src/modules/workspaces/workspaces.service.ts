import { inject, injectable } from 'inversify';
import { Database, type Tx } from '../../db/database.js';
import type { Workspace } from '../../db/schema.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreateWorkspace, UpdateWorkspace } from './workspace.schemas.js';

export const toWorkspaceView = (w: Workspace) => ({
  id: w.id,
  name: w.name,
  kind: w.kind,
  address: w.address,
  seats: w.seats,
  openingHours: w.opening_hours,
  childcare: w.childcare,
  createdAt: w.created_at,
  updatedAt: w.updated_at,
});

const changedColumns = (c: UpdateWorkspace) => ({
  ...(c.name !== undefined && { name: c.name }),
  ...(c.kind !== undefined && { kind: c.kind }),
  ...(c.address !== undefined && { address: c.address }),
  ...(c.seats !== undefined && { seats: c.seats }),
  ...(c.openingHours !== undefined && { opening_hours: JSON.stringify(c.openingHours) }),
  ...(c.childcare !== undefined && { childcare: c.childcare }),
});

const nameTaken = (name: string) =>
  new Problem(
    'conflict',
    `ワークスペース「${name}」は既にあります / A workspace named "${name}" already exists`,
  );

/** A centre's places of work: the coworking space and "home" for remote workers. */
@injectable()
export class WorkspacesService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
  ) {}

  list() {
    return this.db.inTenant((tx) =>
      tx.selectFrom('workspaces').selectAll().orderBy('created_at').orderBy('name').execute(),
    );
  }

  get(id: string) {
    return this.db.inTenant((tx) => this.find(tx, id));
  }

  create(input: CreateWorkspace) {
    return this.db.inTenant(async (tx) => {
      const created = await this.insert(tx, input);
      await this.audit.record(tx, {
        action: 'workspace.created',
        entityType: 'workspace',
        entityId: created.id,
        data: { name: created.name },
      });
      return created;
    });
  }

  /** Inserts into the tenant set on `tx`; shared with `kado tenants apply`. */
  async insert(tx: Tx, input: CreateWorkspace): Promise<Workspace> {
    const clash = await tx
      .selectFrom('workspaces')
      .select('id')
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (clash) throw nameTaken(input.name);
    return tx
      .insertInto('workspaces')
      .values(({ eb }) => ({
        tenant_id: eb.fn<string>('kado_current_tenant'),
        name: input.name,
        kind: input.kind,
        address: input.address,
        seats: input.seats,
        opening_hours: JSON.stringify(input.openingHours),
        childcare: input.childcare,
      }))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  update(id: string, changes: UpdateWorkspace) {
    return this.db.inTenant(async (tx) => {
      await this.find(tx, id);
      const updated = await this.write(tx, id, changes);
      await this.audit.record(tx, {
        action: 'workspace.updated',
        entityType: 'workspace',
        entityId: id,
        data: { changes },
      });
      return updated;
    });
  }

  async write(tx: Tx, id: string, changes: UpdateWorkspace): Promise<Workspace> {
    if (changes.name !== undefined) {
      const clash = await tx
        .selectFrom('workspaces')
        .select('id')
        .where('name', '=', changes.name)
        .where('id', '!=', id)
        .executeTakeFirst();
      if (clash) throw nameTaken(changes.name);
    }
    return tx
      .updateTable('workspaces')
      .set({ ...changedColumns(changes), updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  remove(id: string) {
    return this.db.inTenant(async (tx) => {
      const existing = await this.find(tx, id);
      await tx.deleteFrom('workspaces').where('id', '=', id).execute();
      await this.audit.record(tx, {
        action: 'workspace.deleted',
        entityType: 'workspace',
        entityId: id,
        data: { name: existing.name },
      });
    });
  }

  private async find(tx: Tx, id: string): Promise<Workspace> {
    const found = await tx.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
    if (!found) throw notFound('ワークスペース', 'Workspace');
    return found;
  }
}
