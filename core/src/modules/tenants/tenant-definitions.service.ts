import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inject, injectable } from 'inversify';
import { z } from 'zod';
import { Database, type Tx } from '../../db/database.js';
import type { Tenant } from '../../db/schema.js';
import { fieldErrors } from '../../http/validation.js';
import { Problem } from '../../kernel/problems.js';
import { AuditService } from '../audit/audit.service.js';
import { Agreement } from '../hub/partnerships/partnerships.schemas.js';
import { PartnershipsService } from '../hub/partnerships/partnerships.service.js';
import { CreateWorkspaceBody } from '../workspaces/workspace.schemas.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import { CreateTenantBody } from './tenant.schemas.js';
import { TenantsService } from './tenants.service.js';

/** `tenants/<slug>/tenant.json`: a centre and its workspaces as code. */
export const TenantDefinition = z
  .strictObject({
    slug: CreateTenantBody.shape.slug,
    name: z.strictObject({ ja: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(100) }),
    kind: CreateTenantBody.shape.kind,
    prefecture: CreateTenantBody.shape.prefecture,
    localGovernmentCode: CreateTenantBody.shape.localGovernmentCode,
    fiscalYearStartMonth: CreateTenantBody.shape.fiscalYearStartMonth,
    timeZone: CreateTenantBody.shape.timeZone,
    status: z.enum(['onboarding', 'active', 'suspended']).default('onboarding'),
    /** How many demo workers `kado seed --demo` creates for this centre. */
    demoWorkers: z.number().int().min(0).max(1000).default(0),
    workspaces: z.array(CreateWorkspaceBody).default([]),
    /** A partner's agreement with the hub (work types, rates, margin): applied as its hub partnership. */
    partnership: Agreement.optional(),
  })
  .refine((d) => d.kind !== 'hub' || d.partnership === undefined, {
    path: ['partnership'],
    message: 'ハブ自身には連携の取り決めを書けません / The hub itself cannot carry a partnership',
  });
export type TenantDefinition = z.output<typeof TenantDefinition>;

export interface ApplyReport {
  slug: string;
  tenant: 'created' | 'updated' | 'unchanged';
  workspaces: { name: string; change: 'created' | 'updated' | 'unchanged' }[];
  /** The agreement with the hub, for a definition that carries one. */
  partnership?: 'created' | 'updated' | 'unchanged';
}

export class DefinitionError extends Error {}

/** Reads every `<dir>/<folder>/tenant.json`; all must be valid before anything is applied. */
export function readTenantDefinitions(dir: string): TenantDefinition[] {
  const problems: string[] = [];
  const definitions: TenantDefinition[] = [];
  for (const folder of readdirSync(dir).sort()) {
    const file = join(dir, folder, 'tenant.json');
    if (!statSync(join(dir, folder)).isDirectory()) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
      continue;
    }
    const parsed = TenantDefinition.safeParse(raw);
    if (!parsed.success)
      problems.push(
        ...fieldErrors('body', parsed.error.issues).map(
          (e) => `${file}${e.pointer.slice(5) || '/'}: ${e.detail}`,
        ),
      );
    else if (parsed.data.slug !== folder)
      problems.push(`${file}: slug "${parsed.data.slug}" must match its folder "${folder}"`);
    else definitions.push(parsed.data);
  }
  if (problems.length > 0) throw new DefinitionError(problems.join('\n'));
  // The hub first: a partner's agreement names it, so it must exist before the partners are applied.
  return [...definitions.filter((d) => d.kind === 'hub'), ...definitions.filter((d) => d.kind !== 'hub')];
}

/** JSON with object keys sorted, so jsonb's key order does not count as a change. */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v);
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** Creates or updates tenants and their workspaces from definitions; running it twice changes nothing. */
@injectable()
export class TenantDefinitionsService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(TenantsService) private readonly tenants: TenantsService,
    @inject(WorkspacesService) private readonly workspaces: WorkspacesService,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(PartnershipsService) private readonly partnerships: PartnershipsService,
  ) {}

  async apply(definition: TenantDefinition): Promise<ApplyReport> {
    const existing = await this.tenants.findBySlug(definition.slug);
    return this.db.asApp({}, async (tx) => {
      const { tenant, change } = existing
        ? await this.updateTenant(tx, existing, definition)
        : { tenant: await this.createTenant(tx, definition), change: 'created' as const };
      await this.db.switchTenant(tx, tenant.id);
      const workspaces = [];
      for (const ws of definition.workspaces) workspaces.push(await this.applyWorkspace(tx, tenant.id, ws));
      if (!definition.partnership) return { slug: tenant.slug, tenant: change, workspaces };
      const partnership = await this.applyPartnership(tx, tenant, definition);
      return { slug: tenant.slug, tenant: change, workspaces, partnership };
    });
  }

  /** The agreement with the tenant of kind hub; an active centre's launch checklist is ticked by the system. */
  private async applyPartnership(tx: Tx, tenant: Tenant, d: TenantDefinition) {
    const hubs = await tx.selectFrom('tenants').selectAll().where('kind', '=', 'hub').execute();
    if (hubs.length !== 1)
      throw new DefinitionError(
        `${d.slug}: "partnership" needs exactly one tenant of kind "hub" (found ${hubs.length}): apply the hub's definition first`,
      );
    try {
      return await this.partnerships.applyDefinition(
        tx,
        tenant,
        hubs[0]!,
        d.partnership!,
        d.status === 'active',
      );
    } catch (error) {
      if (error instanceof Problem) throw new DefinitionError(`${d.slug}: ${error.detail ?? error.message}`);
      throw error;
    }
  }

  private createTenant(tx: Tx, d: TenantDefinition): Promise<Tenant> {
    // A new tenant starts no further than active; suspending is the hub's act, not a definition's.
    const status = d.status === 'suspended' ? 'onboarding' : d.status;
    return this.tenants.insert(tx, { slug: d.slug, kind: d.kind, status, ...settingsOf(d) });
  }

  private async updateTenant(tx: Tx, existing: Tenant, d: TenantDefinition) {
    await this.db.switchTenant(tx, existing.id);
    const current = {
      nameJa: existing.name_ja,
      nameEn: existing.name_en,
      prefecture: existing.prefecture,
      localGovernmentCode: existing.local_government_code.trim(),
      fiscalYearStartMonth: existing.fiscal_year_start_month,
      timeZone: existing.time_zone,
    };
    if (same(current, settingsOf(d)) && existing.status === d.status) {
      return { tenant: existing, change: 'unchanged' as const };
    }
    await this.tenants.apply(tx, existing, settingsOf(d));
    const tenant = await tx
      .updateTable('tenants')
      .set({ status: d.status })
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.audit.record(
      tx,
      {
        action: 'tenant.applied',
        entityType: 'tenant',
        entityId: tenant.id,
        data: { source: 'tenants apply' },
      },
      tenant.id,
    );
    return { tenant, change: 'updated' as const };
  }

  private async applyWorkspace(tx: Tx, tenantId: string, ws: TenantDefinition['workspaces'][number]) {
    const found = await tx
      .selectFrom('workspaces')
      .selectAll()
      .where('name', '=', ws.name)
      .executeTakeFirst();
    let change: ApplyReport['workspaces'][number]['change'] = 'unchanged';
    let id = found?.id;
    if (!found) {
      id = (await this.workspaces.insert(tx, ws)).id;
      change = 'created';
    } else {
      const now = {
        name: found.name,
        kind: found.kind,
        address: found.address,
        seats: found.seats,
        openingHours: found.opening_hours,
        childcare: found.childcare,
      };
      if (!same(now, ws)) {
        await this.workspaces.write(tx, found.id, ws);
        change = 'updated';
      }
    }
    if (change !== 'unchanged') {
      await this.audit.record(
        tx,
        {
          action: `workspace.${change}`,
          entityType: 'workspace',
          entityId: id ?? null,
          data: { source: 'tenants apply' },
        },
        tenantId,
      );
    }
    return { name: ws.name, change };
  }
}

const settingsOf = (d: TenantDefinition) => ({
  nameJa: d.name.ja,
  nameEn: d.name.en,
  prefecture: d.prefecture,
  localGovernmentCode: d.localGovernmentCode,
  fiscalYearStartMonth: d.fiscalYearStartMonth,
  timeZone: d.timeZone,
});
