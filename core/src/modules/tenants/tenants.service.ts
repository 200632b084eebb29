import { inject, injectable } from 'inversify';
import { Database, type Tx } from '../../db/database.js';
import { currentActor, currentScope } from '../../db/request-context.js';
import type { Tenant, TenantStatus } from '../../db/schema.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreateTenant, UpdateTenant } from './tenant.schemas.js';

export const toTenantView = (t: Tenant) => ({
  id: t.id,
  slug: t.slug,
  nameJa: t.name_ja,
  nameEn: t.name_en,
  kind: t.kind,
  prefecture: t.prefecture,
  localGovernmentCode: t.local_government_code.trim(),
  fiscalYearStartMonth: t.fiscal_year_start_month,
  timeZone: t.time_zone,
  status: t.status,
  createdAt: t.created_at,
  updatedAt: t.updated_at,
});

const changedColumns = (s: UpdateTenant) => ({
  ...(s.nameJa !== undefined && { name_ja: s.nameJa }),
  ...(s.nameEn !== undefined && { name_en: s.nameEn }),
  ...(s.prefecture !== undefined && { prefecture: s.prefecture }),
  ...(s.localGovernmentCode !== undefined && { local_government_code: s.localGovernmentCode }),
  ...(s.fiscalYearStartMonth !== undefined && { fiscal_year_start_month: s.fiscalYearStartMonth }),
  ...(s.timeZone !== undefined && { time_zone: s.timeZone }),
});

/** The directory of centres: created and suspended by the hub, configured by each centre's admin. */
@injectable()
export class TenantsService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(AuditService) private readonly audit: AuditService,
  ) {}

  findById(id: string) {
    return this.db.asApp({}, (tx) =>
      tx.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst(),
    );
  }

  findBySlug(slug: string) {
    return this.db.asApp({}, (tx) =>
      tx.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst(),
    );
  }

  list() {
    return this.db.asApp({}, (tx) =>
      tx.selectFrom('tenants').selectAll().orderBy('kind').orderBy('slug').execute(),
    );
  }

  /** The hub creates a tenant; audited in the new tenant's log and in the hub's own. */
  async create(input: CreateTenant): Promise<Tenant> {
    const hubId = currentScope().tenant.id;
    return this.db.inTenant(async (tx) => {
      const clash = await tx
        .selectFrom('tenants')
        .select('id')
        .where('slug', '=', input.slug)
        .executeTakeFirst();
      if (clash)
        throw new Problem(
          'conflict',
          `スラッグ "${input.slug}" は使用済みです / Slug "${input.slug}" is taken`,
        );
      const tenant = await this.insert(tx, input);
      await this.db.switchTenant(tx, hubId);
      await this.audit.record(
        tx,
        { action: 'tenant.created', entityType: 'tenant', entityId: tenant.id, data: { slug: tenant.slug } },
        hubId,
      );
      return tenant;
    });
  }

  /** Inserts the tenant, its first code-history entry and audit entry; leaves `tx` in the new tenant. */
  async insert(tx: Tx, input: CreateTenant): Promise<Tenant> {
    const tenant = await tx
      .insertInto('tenants')
      .values({
        slug: input.slug,
        kind: input.kind,
        status: input.status,
        name_ja: input.nameJa,
        name_en: input.nameEn,
        prefecture: input.prefecture,
        local_government_code: input.localGovernmentCode,
        fiscal_year_start_month: input.fiscalYearStartMonth,
        time_zone: input.timeZone,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.db.switchTenant(tx, tenant.id);
    await this.recordCode(tx, tenant.id, tenant.local_government_code);
    await this.audit.record(
      tx,
      { action: 'tenant.created', entityType: 'tenant', entityId: tenant.id, data: { slug: tenant.slug } },
      tenant.id,
    );
    return tenant;
  }

  /** Updates the current tenant's settings; a new local government code is added to its history. */
  async update(changes: UpdateTenant): Promise<Tenant> {
    const id = currentScope().tenant.id;
    return this.db.inTenant(async (tx) => {
      const before = await tx
        .selectFrom('tenants')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const after = await this.apply(tx, before, changes);
      await this.audit.record(tx, {
        action: 'tenant.updated',
        entityType: 'tenant',
        entityId: id,
        data: { changes },
      });
      return after;
    });
  }

  /** Writes changes to a tenant row; shared by the API and `kado tenants apply`. */
  async apply(tx: Tx, before: Tenant, changes: UpdateTenant): Promise<Tenant> {
    const after = await tx
      .updateTable('tenants')
      .set({ ...changedColumns(changes), updated_at: new Date() })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (after.local_government_code !== before.local_government_code) {
      await this.recordCode(tx, after.id, after.local_government_code);
    }
    return after;
  }

  /** The hub suspends or reactivates a partner; audited in the hub's log. */
  async setStatus(slug: string, status: TenantStatus): Promise<Tenant> {
    return this.db.inTenant(async (tx) => {
      const tenant = await tx
        .updateTable('tenants')
        .set({ status, updated_at: new Date() })
        .where('slug', '=', slug)
        .where('kind', '!=', 'hub') // the hub cannot suspend itself
        .returningAll()
        .executeTakeFirst();
      if (!tenant) throw notFound('センター', 'Tenant');
      await this.audit.record(tx, {
        action: `tenant.${status === 'suspended' ? 'suspended' : 'reactivated'}`,
        entityType: 'tenant',
        entityId: tenant.id,
        data: { slug },
      });
      return tenant;
    });
  }

  codeHistory() {
    return this.db.inTenant((tx) =>
      tx
        .selectFrom('tenant_code_history')
        .select([
          'local_government_code as localGovernmentCode',
          'valid_from as validFrom',
          'changed_by as changedBy',
        ])
        .orderBy('valid_from', 'desc')
        .execute(),
    );
  }

  private async recordCode(tx: Tx, tenantId: string, code: string) {
    await tx
      .insertInto('tenant_code_history')
      .values({ tenant_id: tenantId, local_government_code: code, changed_by: currentActor().userId })
      .execute();
  }
}
