import { inject, injectable } from 'inversify';
import type { Selectable } from 'kysely';
import { Database } from '../../db/database.js';
import { currentScope } from '../../db/request-context.js';
import type { ApiTokensTable, Role } from '../../db/schema.js';
import { notFound } from '../../kernel/problems.js';
import { AuditService } from '../audit/audit.service.js';
import { newSecret, sha256 } from './secrets.js';

export const toApiTokenView = (t: Selectable<ApiTokensTable>) => ({
  id: t.id,
  name: t.name,
  role: t.role,
  prefix: t.prefix,
  createdAt: t.created_at,
  lastUsedAt: t.last_used_at,
  revokedAt: t.revoked_at,
});

/** Bearer tokens for integrations: one tenant, one role each, shown once and stored hashed. */
@injectable()
export class ApiTokensService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
  ) {}

  list() {
    return this.db.inTenant((tx) =>
      tx.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').execute(),
    );
  }

  create(name: string, role: Exclude<Role, 'hub_admin'>) {
    const { tenant, actor } = currentScope();
    const secret = newSecret('kado_tok');
    return this.db.inTenant(async (tx) => {
      const token = await tx
        .insertInto('api_tokens')
        .values({
          tenant_id: tenant.id,
          name,
          role,
          token_hash: sha256(secret),
          prefix: secret.slice(0, 13),
          created_by: actor.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'api_token.created',
        entityType: 'api_token',
        entityId: token.id,
        data: { name, role },
      });
      return { token, secret };
    });
  }

  revoke(id: string) {
    return this.db.inTenant(async (tx) => {
      const revoked = await tx
        .updateTable('api_tokens')
        .set({ revoked_at: new Date() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returning(['id', 'name'])
        .executeTakeFirst();
      if (!revoked) throw notFound('有効な API トークン', 'Active API token');
      await this.audit.record(tx, {
        action: 'api_token.revoked',
        entityType: 'api_token',
        entityId: id,
        data: { name: revoked.name },
      });
    });
  }

  /** The token's id and role if the secret is a live token of this tenant. */
  resolve(tenantId: string, secret: string) {
    return this.db.withTenant(tenantId, (tx) =>
      tx
        .updateTable('api_tokens')
        .set({ last_used_at: new Date() })
        .where('token_hash', '=', sha256(secret))
        .where('revoked_at', 'is', null)
        .returning(['id', 'role'])
        .executeTakeFirst(),
    );
  }
}
