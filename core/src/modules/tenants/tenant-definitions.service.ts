import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inject, injectable } from 'inversify';
import { z } from 'zod';
import { Database } from '../../db/database.js';
import { runInTenantScope } from '../../db/request-context.js';
import type { Tenant } from '../../db/schema.js';
import { fieldErrors } from '../../http/validation.js';
import { AuditService } from '../audit/audit.service.js';
import { CreateWorkspaceBody } from '../workspaces/workspace.schemas.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import { CreateTenantBody } from './tenant.schemas.js';
import { TenantsService } from './tenants.service.js';

/** `tenants/<slug>/tenant.json`: a centre and its workspaces as code. */
export const TenantDefinition = z.strictObject({
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
});
export type TenantDefinition = z.output<typeof TenantDefinition>;

export interface ApplyReport {
  slug: string;
  tenant: 'created' | 'updated' | 'unchanged';
  workspaces: { name: string; change: 'created' | 'updated' | 'unchanged' }[];
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
  return definitions;
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
  ) {}

  async apply(definition: TenantDefinition): Promise<ApplyReport> {
    const existing = await this.tenants.findBySlug(definition.slug);
    const settings = {
      nameJa: definition.name.ja,
      nameEn: definition.name.en,
      prefecture: definition.prefecture,
      localGovernmentCode: definition.localGovernmentCode,
      fiscalYearStartMonth: definition.fiscalYearStartMonth,
      timeZone: definition.timeZone,
    };
    const system = { userId: null, tokenId: null };
    return this.db.asApp({}, async (tx) => {
      let tenant: Tenant;
      let tenantChange: ApplyReport['tenant'];
      if (!existing) {
        tenant = await runInTenantScope(
          {
            tenant: { id: '', slug: definition.slug, kind: definition.kind, status: 'onboarding' },
            role: null,
            actor: system,
          },
          () =>
            this.tenants.insert(tx, {
              slug: definition.slug,
              kind: definition.kind,
              status: definition.status === 'suspended' ? 'onboarding' : definition.status,
              ...settings,
            }),
        );
        tenantChange = 'created';
      } else {
        await this.db.switchTenant(tx, existing.id);
        const current = {
          nameJa: existing.name_ja,
          nameEn: existing.name_en,
          prefecture: existing.prefecture,
          localGovernmentCode: existing.local_government_code.trim(),
          fiscalYearStartMonth: existing.fiscal_year_start_month,
          timeZone: existing.time_zone,
        };
        tenant = existing;
        tenantChange = 'unchanged';
        if (!same(current, settings) || existing.status !== definition.status) {
          tenant = await runInTenantScope({ tenant: existing, role: null, actor: system }, () =>
            this.tenants.apply(tx, existing, settings),
          );
          tenant = await tx
            .updateTable('tenants')
            .set({ status: definition.status })
            .where('id', '=', tenant.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          tenantChange = 'updated';
        }
      }

      return runInTenantScope({ tenant, role: null, actor: system }, async () => {
        if (tenantChange === 'updated') {
          await this.audit.record(tx, {
            action: 'tenant.applied',
            entityType: 'tenant',
            entityId: tenant.id,
            data: { source: 'tenants apply' },
          });
        }
        const report: ApplyReport = { slug: tenant.slug, tenant: tenantChange, workspaces: [] };
        const current = await tx.selectFrom('workspaces').selectAll().execute();
        for (const ws of definition.workspaces) {
          const found = current.find((w) => w.name === ws.name);
          if (!found) {
            const created = await this.workspaces.insert(tx, ws);
            await this.audit.record(tx, {
              action: 'workspace.created',
              entityType: 'workspace',
              entityId: created.id,
              data: { source: 'tenants apply' },
            });
            report.workspaces.push({ name: ws.name, change: 'created' });
            continue;
          }
          const now = {
            name: found.name,
            kind: found.kind,
            address: found.address,
            seats: found.seats,
            openingHours: found.opening_hours,
            childcare: found.childcare,
          };
          if (same(now, ws)) {
            report.workspaces.push({ name: ws.name, change: 'unchanged' });
          } else {
            await this.workspaces.write(tx, found.id, ws);
            await this.audit.record(tx, {
              action: 'workspace.updated',
              entityType: 'workspace',
              entityId: found.id,
              data: { source: 'tenants apply' },
            });
            report.workspaces.push({ name: ws.name, change: 'updated' });
          }
        }
        return report;
      });
    });
  }
}
