import { inject, injectable } from 'inversify';
import type { Selectable } from 'kysely';
import { Database, type Tx } from '../../../db/database.js';
import { currentActor, currentScope } from '../../../db/request-context.js';
import type { Tenant } from '../../../db/schema.js';
import type { Config } from '../../../kernel/config.js';
import { type FieldError, notFound, Problem } from '../../../kernel/problems.js';
import { TOKENS } from '../../../kernel/tokens.js';
import { AuditService } from '../../audit/audit.service.js';
import { newSecret, sha256 } from '../../identity/secrets.js';
import { OutboxService } from '../../mail/outbox.service.js';
import { PluginsService } from '../../plugins/plugins.service.js';
import { TenantsService } from '../../tenants/tenants.service.js';
import { WorkspacesService } from '../../workspaces/workspaces.service.js';
import type { HubPartnershipsTable } from '../hub.tables.js';
import type { AgreementT, CreatePartner } from './partnerships.schemas.js';
import { CHECKLIST_ITEMS, type ChecklistItem, type HubPartnerChecklistTable } from './partnerships.tables.js';

type PartnershipRow = Selectable<HubPartnershipsTable>;
type ChecklistRow = Selectable<HubPartnerChecklistTable>;
type Side = 'hub' | 'partner';

/** What other hub code needs of an agreement: the allocation, sharing and settlement read these. */
export interface AgreementOf {
  tenantId: string;
  status: 'onboarding' | 'active';
  workTypes: string[];
  taskRates: Record<string, number>;
  hourlyRate: number;
  marginPercent: number;
}

/** The hub's agreements with its partners that are running or being launched (not ended), on `tx`. */
export async function agreementsOf(tx: Tx, hubTenantId: string): Promise<AgreementOf[]> {
  const rows = await tx
    .selectFrom('hub_partnerships')
    .selectAll()
    .where('hub_tenant_id', '=', hubTenantId)
    .where('status', 'in', ['active', 'onboarding'])
    .orderBy('tenant_id')
    .execute();
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    status: r.status as 'onboarding' | 'active',
    workTypes: [...r.work_types],
    taskRates: { ...r.task_rates },
    hourlyRate: r.hourly_rate,
    marginPercent: r.margin_percent,
  }));
}

const agreementView = (p: PartnershipRow) => ({
  workTypes: [...p.work_types],
  taskRates: { ...p.task_rates },
  hourlyRate: p.hourly_rate,
  marginPercent: p.margin_percent,
});

/** The checklist in its fixed order; names of who ticked only for the viewer's own side. */
function checklistView(rows: ChecklistRow[], viewer: Side, names: Map<string, string>) {
  const byItem = new Map(rows.map((r) => [r.item, r]));
  const side = (at: Date | null, by: string | null, own: boolean) => ({
    done: at !== null,
    doneAt: at,
    byName: own && by ? (names.get(by) ?? null) : null,
    bySystem: at !== null && by === null,
  });
  const checklist = CHECKLIST_ITEMS.map((item) => {
    const r = byItem.get(item);
    return {
      item,
      hub: side(r?.hub_done_at ?? null, r?.hub_done_by ?? null, viewer === 'hub'),
      partner: side(r?.partner_done_at ?? null, r?.partner_done_by ?? null, viewer === 'partner'),
    };
  });
  return {
    checklist,
    progress: {
      hub: checklist.filter((c) => c.hub.done).length,
      partner: checklist.filter((c) => c.partner.done).length,
      total: CHECKLIST_ITEMS.length,
    },
  };
}

const sortedKeys = (o: Record<string, number>) =>
  Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]!]),
  );
const sameAgreement = (p: PartnershipRow, a: AgreementT) =>
  JSON.stringify([[...p.work_types].sort(), sortedKeys(p.task_rates), p.hourly_rate, p.margin_percent]) ===
  JSON.stringify([[...a.workTypes].sort(), sortedKeys(a.taskRates), a.hourlyRate, a.marginPercent]);

const closed = () =>
  new Problem(
    'conflict',
    '立ち上げ済みのため、チェックリストは変更できません / The centre has launched: its checklist is closed',
  );

/**
 * Onboarding partner centres (issue #8, part 1): the hub's wizard that starts a partner tenant, the
 * agreement (work types, rates, margin), and the launch checklist both sides tick. A partnership row
 * belongs to the partner and names its hub; the hub reaches it by hub_tenant_id (policy hub_or_partner).
 */
@injectable()
export class PartnershipsService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(OutboxService) private readonly outbox: OutboxService,
    @inject(TenantsService) private readonly tenants: TenantsService,
    @inject(WorkspacesService) private readonly workspaces: WorkspacesService,
    @inject(PluginsService) private readonly plugins: PluginsService,
  ) {}

  /**
   * The wizard's submission, in one transaction: the tenant (onboarding), its workspaces, the invitation
   * of its first admin (mailed through the outbox), its work types enabled, the agreement and an empty
   * checklist. Any refusal leaves nothing behind.
   */
  async create(input: CreatePartner) {
    const hub = currentScope().tenant;
    await this.requireWorkTypes(input.agreement, '/body/agreement');
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
          {
            errors: [
              {
                pointer: '/body/slug',
                code: 'taken',
                detail: `スラッグ "${input.slug}" は使用済みです / Slug "${input.slug}" is taken`,
              },
            ],
          },
        );
      const tenant = await this.tenants.insert(tx, {
        slug: input.slug,
        kind: input.kind,
        status: 'onboarding',
        nameJa: input.nameJa,
        nameEn: input.nameEn,
        prefecture: input.prefecture,
        localGovernmentCode: input.localGovernmentCode,
        fiscalYearStartMonth: 4,
        timeZone: 'Asia/Tokyo',
      });
      // tx is now in the new tenant.
      for (const ws of input.workspaces) {
        const created = await this.workspaces.insert(tx, ws);
        await this.audit.record(
          tx,
          {
            action: 'workspace.created',
            entityType: 'workspace',
            entityId: created.id,
            data: { name: ws.name },
          },
          tenant.id,
        );
      }
      await this.invite(tx, tenant, input.adminEmail);
      await this.enablePlugins(tx, tenant.id, input.agreement.workTypes);
      await this.insertPartnership(tx, tenant.id, hub.id, input.agreement);
      await this.audit.record(
        tx,
        {
          action: 'partnership.created',
          entityType: 'partnership',
          entityId: tenant.id,
          data: { hub: hub.slug },
        },
        tenant.id,
      );
      await this.db.switchTenant(tx, hub.id);
      await this.audit.record(
        tx,
        { action: 'tenant.created', entityType: 'tenant', entityId: tenant.id, data: { slug: tenant.slug } },
        hub.id,
      );
      await this.audit.record(
        tx,
        {
          action: 'partnership.created',
          entityType: 'partnership',
          entityId: tenant.id,
          data: { slug: tenant.slug, ...input.agreement, adminEmail: input.adminEmail },
        },
        hub.id,
      );
      return this.viewForHub(tx, tenant.slug);
    });
  }

  /** The hub's partners with their agreement and launch progress. */
  list() {
    const hubId = currentScope().tenant.id;
    return this.db.inTenant(async (tx) => {
      const rows = await tx
        .selectFrom('hub_partnerships')
        .selectAll()
        .where('hub_tenant_id', '=', hubId)
        .execute();
      const views = await this.viewsForHub(tx, rows);
      return views.sort((a, b) => a.tenant.slug.localeCompare(b.tenant.slug));
    });
  }

  get(slug: string) {
    return this.db.inTenant((tx) => this.viewForHub(tx, slug));
  }

  /**
   * Sets the agreement with a partner; creates the partnership (and its empty checklist) for a centre that
   * has none yet. Newly agreed work types are enabled for the partner unless it has decided on them itself.
   */
  async putAgreement(slug: string, agreement: AgreementT) {
    const hub = currentScope().tenant;
    await this.requireWorkTypes(agreement, '/body');
    return this.db.inTenant(async (tx) => {
      const partner = await tx
        .selectFrom('tenants')
        .selectAll()
        .where('slug', '=', slug)
        .where('kind', '!=', 'hub')
        .executeTakeFirst();
      if (!partner) throw notFound('パートナーセンター', 'Partner centre');
      const existing = await this.partnershipOf(tx, partner.id);
      if (existing && existing.hub_tenant_id !== hub.id)
        throw notFound('パートナーセンター', 'Partner centre');
      if (!existing) await this.insertPartnership(tx, partner.id, hub.id, agreement);
      else if (!sameAgreement(existing, agreement))
        await tx
          .updateTable('hub_partnerships')
          .set({
            work_types: agreement.workTypes,
            task_rates: JSON.stringify(agreement.taskRates),
            hourly_rate: agreement.hourlyRate,
            margin_percent: agreement.marginPercent,
            updated_at: new Date(),
          })
          .where('tenant_id', '=', partner.id)
          .execute();
      else return this.viewForHub(tx, slug);
      const action = existing ? 'partnership.agreement_changed' : 'partnership.created';
      const data = { slug, ...agreement };
      await this.audit.record(tx, { action, entityType: 'partnership', entityId: partner.id, data }, hub.id);
      await this.db.switchTenant(tx, partner.id);
      await this.enablePlugins(tx, partner.id, agreement.workTypes);
      await this.audit.record(
        tx,
        { action, entityType: 'partnership', entityId: partner.id, data: { hub: hub.slug, ...agreement } },
        partner.id,
      );
      await this.db.switchTenant(tx, hub.id);
      return this.viewForHub(tx, slug);
    });
  }

  /** The hub ticks (or unticks) an item in its own column. */
  tickAsHub(slug: string, item: ChecklistItem, done: boolean) {
    const hub = currentScope().tenant;
    return this.db.inTenant(async (tx) => {
      const p = await this.forHub(tx, slug);
      await this.tick(tx, p, 'hub', item, done, hub.id);
      return this.viewForHub(tx, slug);
    });
  }

  /** The partner's view: its agreement with the hub and the checklist. 404 where there is none (the hub). */
  mine() {
    return this.db.inTenant(async (tx) => this.viewForPartner(tx, await this.forPartner(tx)));
  }

  /** The partner ticks (or unticks) an item in its own column. */
  tickAsPartner(item: ChecklistItem, done: boolean) {
    const me = currentScope().tenant;
    return this.db.inTenant(async (tx) => {
      await this.tick(tx, await this.forPartner(tx), 'partner', item, done, me.id);
      return this.viewForPartner(tx, await this.forPartner(tx));
    });
  }

  /**
   * `kado tenants apply` for a partner with a "partnership" block, on `tx` set to the partner: creates or
   * updates the agreement with the hub and enables its work types; a `launched` centre (status active in
   * its definition) gets its checklist ticked on both sides by the system. Returns what changed.
   */
  async applyDefinition(
    tx: Tx,
    partner: Tenant,
    hub: Tenant,
    agreement: AgreementT,
    launched: boolean,
  ): Promise<'created' | 'updated' | 'unchanged'> {
    const unknown = await this.unknownWorkTypes(agreement.workTypes);
    if (unknown.length > 0)
      throw new Problem(
        'unprocessable',
        `作業種別 ${unknown.join(', ')} のプラグインがありません / No plugin installed for work type ${unknown.join(', ')}`,
      );
    await this.db.switchTenant(tx, partner.id);
    const existing = await this.partnershipOf(tx, partner.id);
    let change: 'created' | 'updated' | 'unchanged' = 'unchanged';
    if (!existing) {
      await this.insertPartnership(tx, partner.id, hub.id, agreement);
      change = 'created';
    } else if (existing.hub_tenant_id !== hub.id) {
      throw new Problem(
        'conflict',
        `${partner.slug} は別のハブのパートナーです / ${partner.slug} is a partner of another hub`,
      );
    } else if (!sameAgreement(existing, agreement)) {
      await tx
        .updateTable('hub_partnerships')
        .set({
          work_types: agreement.workTypes,
          task_rates: JSON.stringify(agreement.taskRates),
          hourly_rate: agreement.hourlyRate,
          margin_percent: agreement.marginPercent,
          updated_at: new Date(),
        })
        .where('tenant_id', '=', partner.id)
        .execute();
      change = 'updated';
    }
    if (await this.enablePlugins(tx, partner.id, agreement.workTypes))
      change = change === 'unchanged' ? 'updated' : change;
    const status = existing?.status ?? 'onboarding';
    if (launched && status === 'onboarding') {
      const now = new Date();
      await this.db.switchTenant(tx, hub.id);
      await tx
        .updateTable('hub_partner_checklist')
        .set({ hub_done_at: now, hub_done_by: null, updated_at: now })
        .where('tenant_id', '=', partner.id)
        .where('hub_done_at', 'is', null)
        .execute();
      await this.db.switchTenant(tx, partner.id);
      await tx
        .updateTable('hub_partner_checklist')
        .set({ partner_done_at: now, partner_done_by: null, updated_at: now })
        .where('tenant_id', '=', partner.id)
        .where('partner_done_at', 'is', null)
        .execute();
      await this.launchIfComplete(tx, partner.id, hub.id, partner.id);
      if (change === 'unchanged') change = 'updated';
    }
    if (change !== 'unchanged')
      await this.audit.record(
        tx,
        {
          action: change === 'created' ? 'partnership.created' : 'partnership.applied',
          entityType: 'partnership',
          entityId: partner.id,
          data: { source: 'tenants apply', hub: hub.slug, ...agreement },
        },
        partner.id,
      );
    return change;
  }

  // ---- internals ----

  /** Refuses work types that no installed plugin provides, and task-priced ones without a task rate (422). */
  private async requireWorkTypes(agreement: AgreementT, pointer: string) {
    await this.plugins.host.ready();
    const errors: FieldError[] = [];
    agreement.workTypes.forEach((id, i) => {
      const plugin = this.plugins.host.get(id);
      if (!plugin)
        errors.push({
          pointer: `${pointer}/workTypes/${i}`,
          code: 'unknown_work_type',
          detail: `作業種別 "${id}" のプラグインはインストールされていません / No plugin is installed for work type "${id}"`,
        });
      else if (plugin.definition.pricing.unit === 'task' && agreement.taskRates[id] === undefined)
        errors.push({
          pointer: `${pointer}/taskRates/${id}`,
          code: 'missing_task_rate',
          detail: `作業種別 "${id}" は件数単価です。単価を入力してください / "${id}" is priced per task: give its rate`,
        });
    });
    if (errors.length > 0)
      throw new Problem('unprocessable', errors.map((e) => e.detail).join('; '), { errors });
  }

  private async unknownWorkTypes(workTypes: string[]) {
    await this.plugins.host.ready();
    return workTypes.filter((id) => !this.plugins.host.get(id));
  }

  /** An invitation for the centre's first admin, on `tx` set to that centre, mailed through the outbox. */
  private async invite(tx: Tx, tenant: Tenant, email: string) {
    const token = newSecret('kado_inv');
    const invitation = await tx
      .insertInto('invitations')
      .values({
        tenant_id: tenant.id,
        email,
        role: 'tenant_admin',
        token_hash: sha256(token),
        invited_by: currentActor().userId,
        expires_at: new Date(Date.now() + this.config.invitationTtlHours * 3600_000),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const link = `${this.config.publicUrl}/invite/${tenant.slug}/${token}`;
    await this.outbox.enqueue(tx, {
      to: email,
      subject: 'KADO への招待 / Invitation to KADO',
      body: [
        `${tenant.name_ja} のセンター管理者として KADO (${tenant.slug}) に招待されました。次のリンクからパスワードを設定してください。`,
        `You have been invited to KADO (${tenant.slug}) as the centre admin of ${tenant.name_en}. Set your password at this link:`,
        '',
        link,
        '',
        `有効期限 / Expires: ${invitation.expires_at.toISOString()}`,
      ].join('\n'),
    });
    await this.audit.record(
      tx,
      {
        action: 'invitation.created',
        entityType: 'invitation',
        entityId: invitation.id,
        data: { email, role: 'tenant_admin' },
      },
      tenant.id,
    );
  }

  /** Enables the work types for the partner set on `tx` where it has no decision of its own yet. */
  private async enablePlugins(tx: Tx, tenantId: string, workTypes: string[]): Promise<boolean> {
    await this.plugins.host.ready();
    const actor = currentActor().userId;
    let added = false;
    for (const id of workTypes) {
      const plugin = this.plugins.host.get(id);
      if (!plugin) continue;
      const now = new Date();
      const row = await tx
        .insertInto('tenant_plugins')
        .values({
          tenant_id: tenantId,
          plugin_id: id,
          enabled: true,
          version: plugin.version,
          enabled_at: now,
          enabled_by: actor,
          changed_at: now,
          changed_by: actor,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'plugin_id']).doNothing())
        .returning('plugin_id')
        .executeTakeFirst();
      if (row) {
        added = true;
        await this.audit.record(
          tx,
          {
            action: 'plugin.enabled',
            entityType: 'plugin',
            entityId: id,
            data: { version: plugin.version, source: 'partnership' },
          },
          tenantId,
        );
      }
    }
    return added;
  }

  /** The agreement row and its five empty checklist items; `tx` may be in the hub or the partner. */
  private async insertPartnership(tx: Tx, tenantId: string, hubId: string, a: AgreementT) {
    await tx
      .insertInto('hub_partnerships')
      .values({
        tenant_id: tenantId,
        hub_tenant_id: hubId,
        work_types: a.workTypes,
        task_rates: JSON.stringify(a.taskRates),
        hourly_rate: a.hourlyRate,
        margin_percent: a.marginPercent,
      })
      .execute();
    await tx
      .insertInto('hub_partner_checklist')
      .values(CHECKLIST_ITEMS.map((item) => ({ tenant_id: tenantId, hub_tenant_id: hubId, item })))
      .execute();
  }

  private partnershipOf(tx: Tx, tenantId: string) {
    return tx.selectFrom('hub_partnerships').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  }

  /** The hub's partnership with the centre `slug`; 404 for a centre that is not its partner. */
  private async forHub(tx: Tx, slug: string) {
    const row = await tx
      .selectFrom('hub_partnerships')
      .innerJoin('tenants', 'tenants.id', 'hub_partnerships.tenant_id')
      .selectAll('hub_partnerships')
      .where('tenants.slug', '=', slug)
      .where('hub_partnerships.hub_tenant_id', '=', currentScope().tenant.id)
      .executeTakeFirst();
    if (!row) throw notFound('パートナーセンター', 'Partner centre');
    return row;
  }

  /** The current tenant's own partnership; 404 for a centre without one (and for the hub). */
  private async forPartner(tx: Tx) {
    const row = await this.partnershipOf(tx, currentScope().tenant.id);
    if (!row) throw notFound('ハブとの連携', 'Hub partnership');
    return row;
  }

  private async tick(
    tx: Tx,
    p: PartnershipRow,
    side: Side,
    item: ChecklistItem,
    done: boolean,
    actingId: string,
  ) {
    if (p.status !== 'onboarding') throw closed();
    const now = new Date();
    const by = done ? currentActor().userId : null;
    await tx
      .updateTable('hub_partner_checklist')
      .set(
        side === 'hub'
          ? { hub_done_at: done ? now : null, hub_done_by: by, updated_at: now }
          : { partner_done_at: done ? now : null, partner_done_by: by, updated_at: now },
      )
      .where('tenant_id', '=', p.tenant_id)
      .where('item', '=', item)
      .execute();
    await this.audit.record(
      tx,
      {
        action: done ? 'partnership.checklist_ticked' : 'partnership.checklist_unticked',
        entityType: 'partnership',
        entityId: p.tenant_id,
        data: { side, item },
      },
      actingId,
    );
    await this.launchIfComplete(tx, p.tenant_id, p.hub_tenant_id, actingId);
  }

  /**
   * When every item is ticked on both sides: the partnership and the partner tenant become active, audited
   * on both sides, in the caller's transaction (which is left in the tenant `actingId`).
   */
  private async launchIfComplete(tx: Tx, partnerId: string, hubId: string, actingId: string) {
    const rows = await tx
      .selectFrom('hub_partner_checklist')
      .select(['item'])
      .where('tenant_id', '=', partnerId)
      .where('hub_done_at', 'is not', null)
      .where('partner_done_at', 'is not', null)
      .execute();
    if (rows.length < CHECKLIST_ITEMS.length) return;
    const launched = await tx
      .updateTable('hub_partnerships')
      .set({ status: 'active', updated_at: new Date() })
      .where('tenant_id', '=', partnerId)
      .where('status', '=', 'onboarding')
      .returning('tenant_id')
      .executeTakeFirst();
    if (!launched) return;
    const tenant = await tx
      .updateTable('tenants')
      .set({ status: 'active', updated_at: new Date() })
      .where('id', '=', partnerId)
      .where('status', '=', 'onboarding')
      .returning('slug')
      .executeTakeFirst();
    for (const tenantId of [partnerId, hubId]) {
      await this.db.switchTenant(tx, tenantId);
      await this.audit.record(
        tx,
        {
          action: 'partnership.launched',
          entityType: 'partnership',
          entityId: partnerId,
          data: { tenantActivated: tenant !== undefined },
        },
        tenantId,
      );
    }
    await this.db.switchTenant(tx, actingId);
  }

  private async names(tx: Tx, ids: (string | null)[]) {
    const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
    if (wanted.length === 0) return new Map<string, string>();
    const rows = await tx
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', wanted)
      .execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  private async viewForHub(tx: Tx, slug: string) {
    const [view] = await this.viewsForHub(tx, [await this.forHub(tx, slug)]);
    return view!;
  }

  /** The hub's view of several partnerships in a fixed number of queries, whatever their number. */
  private async viewsForHub(tx: Tx, partnerships: PartnershipRow[]) {
    if (partnerships.length === 0) return [];
    const ids = partnerships.map((p) => p.tenant_id);
    const tenants = new Map(
      (await tx.selectFrom('tenants').selectAll().where('id', 'in', ids).execute()).map((t) => [t.id, t]),
    );
    const rows = await tx
      .selectFrom('hub_partner_checklist')
      .selectAll()
      .where('tenant_id', 'in', ids)
      .execute();
    const names = await this.names(
      tx,
      rows.map((r) => r.hub_done_by),
    );
    const byPartner = new Map<string, ChecklistRow[]>();
    for (const r of rows) byPartner.set(r.tenant_id, [...(byPartner.get(r.tenant_id) ?? []), r]);
    return partnerships.map((p) => {
      const tenant = tenants.get(p.tenant_id)!;
      return {
        tenant: {
          id: tenant.id,
          slug: tenant.slug,
          nameJa: tenant.name_ja,
          nameEn: tenant.name_en,
          kind: tenant.kind,
          prefecture: tenant.prefecture,
          localGovernmentCode: tenant.local_government_code.trim(),
          status: tenant.status,
        },
        status: p.status,
        agreement: agreementView(p),
        ...checklistView(byPartner.get(p.tenant_id) ?? [], 'hub', names),
        createdAt: p.created_at,
        updatedAt: p.updated_at,
      };
    });
  }

  private async viewForPartner(tx: Tx, p: PartnershipRow) {
    const hub = await tx
      .selectFrom('tenants')
      .select(['slug', 'name_ja', 'name_en'])
      .where('id', '=', p.hub_tenant_id)
      .executeTakeFirstOrThrow();
    const rows = await tx
      .selectFrom('hub_partner_checklist')
      .selectAll()
      .where('tenant_id', '=', p.tenant_id)
      .execute();
    const names = await this.names(
      tx,
      rows.map((r) => r.partner_done_by),
    );
    return {
      hub: { slug: hub.slug, nameJa: hub.name_ja, nameEn: hub.name_en },
      status: p.status,
      agreement: agreementView(p),
      ...checklistView(rows, 'partner', names),
      updatedAt: p.updated_at,
    };
  }
}
