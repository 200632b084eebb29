import { inject, injectable } from 'inversify';
import { Database, type Tx } from '../../db/database.js';
import { currentActor, currentScope, optionalScope } from '../../db/request-context.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
}

export interface AuditFilter {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  from?: Date;
  to?: Date;
  before?: number;
  limit: number;
}

/** The append-only record of who changed what. Written in the same transaction as the change itself. */
@injectable()
export class AuditService {
  constructor(@inject(Database) private readonly db: Database) {}

  async record(tx: Tx, entry: AuditEntry, tenantId = currentScope().tenant.id): Promise<void> {
    const actor = currentActor();
    await tx
      .insertInto('audit_log')
      .values({
        tenant_id: tenantId,
        actor_user_id: actor.userId,
        actor_token_id: actor.tokenId,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId ?? null,
        data: JSON.stringify(entry.data ?? {}),
      })
      .execute();
    const scope = optionalScope();
    if (scope?.announcements && scope.tenant.id === tenantId) {
      scope.announcements.push({
        tenant: scope.tenant.slug,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        at: new Date().toISOString(),
      });
    }
  }

  list(filter: AuditFilter) {
    return this.db.inTenant((tx) => {
      let q = tx
        .selectFrom('audit_log')
        .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
        .select([
          'audit_log.id',
          'audit_log.at',
          'audit_log.action',
          'audit_log.entity_type as entityType',
          'audit_log.entity_id as entityId',
          'audit_log.actor_user_id as actorUserId',
          'audit_log.actor_token_id as actorTokenId',
          'users.display_name as actorName',
          'audit_log.data',
        ]);
      if (filter.action) q = q.where('audit_log.action', '=', filter.action);
      if (filter.entityType) q = q.where('audit_log.entity_type', '=', filter.entityType);
      if (filter.entityId) q = q.where('audit_log.entity_id', '=', filter.entityId);
      if (filter.actorUserId) q = q.where('audit_log.actor_user_id', '=', filter.actorUserId);
      if (filter.from) q = q.where('audit_log.at', '>=', filter.from);
      if (filter.to) q = q.where('audit_log.at', '<', filter.to);
      if (filter.before) q = q.where('audit_log.id', '<', filter.before);
      return q.orderBy('audit_log.id', 'desc').limit(filter.limit).execute();
    });
  }
}
