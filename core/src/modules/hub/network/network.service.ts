import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../../db/database.js';
import type { Tenant } from '../../../db/schema.js';
import { addDays, tokyoMidnight, tokyoToday } from '../../../kernel/tokyo.js';
import type { PlacementKind } from '../../growth/growth.tables.js';
import { PluginsService } from '../../plugins/plugins.service.js';
import { TenantsService } from '../../tenants/tenants.service.js';
import { AvailabilityService } from '../../workers/availability.service.js';
import { availableMinutes, hoursOf, qualifies } from './capacity.js';
import { locate } from './locations.js';
import type { CentreViewT, NetworkViewT } from './network.schemas.js';

/** Workers with approved time or accepted tasks in this many days count as active. */
export const ACTIVE_WINDOW_DAYS = 30;
/** Capacity is the hours qualified workers give over this many days from today. */
export const CAPACITY_DAYS = 7;

const KINDS: PlacementKind[] = ['employed_local', 'employed_other', 'returned_to_centre', 'other'];
const noPlacements = () => Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<PlacementKind, number>;

/** The fiscal year (April–March) a Tokyo date falls in: 2027-03-31 → 2026. */
export const fiscalYearOf = (date: string) => {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 4 ? year : year - 1;
};

interface InstalledType {
  id: string;
  skills: readonly string[];
}

/** What leaves a centre's scope: counts, sums and per-work-type aggregates — never a person. */
type CentreFigures = Omit<
  CentreViewT,
  'slug' | 'name' | 'kind' | 'prefecture' | 'status' | 'localGovernmentCode' | 'location'
> & { minutesWorked: number; capacityMinutes: Map<string, number> };

/**
 * The hub's network view (issue #8, item 7): per centre and across the network, the number of workers and
 * of active ones, the hours worked and placements of the fiscal year, capacity by work type and the
 * revenue shared with the centre. A read model over several contexts' tables (memberships, time, growth,
 * skills, availability, hub offers), read only.
 *
 * Isolation: each centre's figures are computed inside that centre's own tenant scope
 * (`db.withTenant(centre.id, …)`, so row-level security shows nothing else), and only aggregates leave the
 * scope. Worker ids are used inside it (to join skills to availability) and dropped there: the response
 * holds no name, e-mail or user id of any worker.
 *
 * Cost: per centre, one short read-only transaction of a fixed number of queries (workers with their
 * activity; approved minutes; placements; enabled work types; skills; the three availability reads; the
 * accepted offers) — nine, whatever the centre's size; nothing is asked per worker. The work grows linearly
 * with the number of centres: for Japan's 1,741 municipalities that is 1,741 transactions and about 16,000
 * indexed queries (every one led by tenant_id), run one centre after another so one page view holds at most
 * one pooled connection — a few seconds to tens of seconds on PostgreSQL, too slow for a page at that
 * scale. The next step is a materialised daily summary: a job per centre (inside its own scope, as here)
 * writes one row of these aggregates per centre and day into a hub-readable table, and this view reads
 * 1,741 rows; today's capacity stays computed on demand for the centres shown.
 */
@injectable()
export class NetworkService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(TenantsService) private readonly tenants: TenantsService,
    @inject(PluginsService) private readonly plugins: PluginsService,
    @inject(AvailabilityService) private readonly availability: AvailabilityService,
  ) {}

  async overview(fy?: number, now = Date.now()): Promise<NetworkViewT> {
    const today = tokyoToday(now);
    const fiscalYear = fy ?? fiscalYearOf(today);
    const from = `${fiscalYear}-04-01`;
    const until = `${fiscalYear + 1}-04-01`;
    const period = { start: new Date(tokyoMidnight(from)), end: new Date(tokyoMidnight(until)) };
    const activeSince = new Date(now - ACTIVE_WINDOW_DAYS * 86_400_000);

    await this.plugins.host.ready();
    const installed: InstalledType[] = this.plugins.host
      .list()
      .map((p) => ({ id: p.id, skills: [...p.definition.skills] }));
    const directory = await this.tenants.list();

    const centres: CentreViewT[] = [];
    const minutes: number[] = [];
    const capacityMinutes = new Map<string, number>();
    // One centre after another: each is one short transaction in its own tenant scope (see the class note).
    for (const tenant of directory) {
      const {
        minutesWorked,
        capacityMinutes: cap,
        ...figures
      } = await this.db.withTenant(tenant.id, (tx) =>
        this.centreFigures(tx, tenant.id, installed, { ...period, from, until, today, activeSince }),
      );
      minutes.push(minutesWorked);
      for (const [type, m] of cap) capacityMinutes.set(type, (capacityMinutes.get(type) ?? 0) + m);
      centres.push({ ...describe(tenant), ...figures });
    }

    const sum = (pick: (c: CentreViewT) => number) => centres.reduce((s, c) => s + pick(c), 0);
    const placementsByKind = noPlacements();
    for (const c of centres) for (const k of KINDS) placementsByKind[k] += c.placementsByKind[k];
    const capacity = installed
      .map((type) => {
        const per = centres.flatMap((c) => c.capacity.filter((x) => x.workType === type.id));
        return {
          workType: type.id,
          centres: per.length,
          qualifiedWorkers: per.reduce((s, x) => s + x.qualifiedWorkers, 0),
          // Summed in minutes, rounded once: the total is not a sum of rounded figures.
          weeklyHours: hoursOf(capacityMinutes.get(type.id) ?? 0),
          qualifiedWithoutHours: per.reduce((s, x) => s + x.qualifiedWithoutHours, 0),
        };
      })
      .filter((c) => c.centres > 0);

    return {
      fiscalYear,
      from,
      to: addDays(until, -1),
      hoursSource: 'approved_timesheets',
      activeWindowDays: ACTIVE_WINDOW_DAYS,
      capacityWindow: { from: today, days: CAPACITY_DAYS },
      workTypes: this.plugins.host.list().map((p) => ({
        id: p.id,
        title: { ja: p.definition.title.ja, en: p.definition.title.en },
        skills: [...p.definition.skills],
      })),
      centres,
      totals: {
        centres: centres.length,
        activeCentres: centres.filter((c) => c.status === 'active').length,
        workers: sum((c) => c.workers),
        activeWorkers: sum((c) => c.activeWorkers),
        hoursWorked: hoursOf(minutes.reduce((s, m) => s + m, 0)),
        placements: sum((c) => c.placements),
        placementsByKind,
        revenueShared: sum((c) => c.revenueShared),
        tasksShared: sum((c) => c.tasksShared),
        offersAccepted: sum((c) => c.offersAccepted),
        capacity,
      },
    };
  }

  /** One centre's figures, inside its own scope (the transaction's tenant is `centreId`). */
  private async centreFigures(
    tx: Tx,
    centreId: string,
    installed: InstalledType[],
    p: { start: Date; end: Date; from: string; until: string; today: string; activeSince: Date },
  ): Promise<CentreFigures> {
    // 1. The centre's workers, each with whether they worked lately: approved time (a closed, current record
    //    in a month whose timesheet is approved) or an accepted task (their non-golden accepted submission).
    const workers = await sql<{ user_id: string; active: boolean }>`
      SELECT m.user_id,
        (EXISTS (
           SELECT 1 FROM time_entries e
           JOIN timesheets s ON s.tenant_id = e.tenant_id AND s.user_id = e.user_id AND s.status = 'approved'
             AND s.month = to_char((e.started_at AT TIME ZONE 'UTC') + interval '9 hours', 'YYYY-MM')
           WHERE e.user_id = m.user_id AND e.ended_at IS NOT NULL AND e.started_at >= ${p.activeSince}
             AND NOT EXISTS (SELECT 1 FROM time_entries c WHERE c.tenant_id = e.tenant_id AND c.corrects_id = e.id))
         OR EXISTS (
           SELECT 1 FROM submissions sb
           JOIN tasks t ON t.tenant_id = sb.tenant_id AND t.id = sb.task_id
           WHERE sb.worker_id = m.user_id AND sb.verdict = 'accepted' AND NOT sb.golden
             AND t.accepted_at >= ${p.activeSince})) AS active
      FROM memberships m
      WHERE m.role = 'worker'`.execute(tx);
    const workerIds = workers.rows.map((w) => w.user_id);

    // 2. Hours worked: the time context's approved timesheets — the minutes of every closed record not
    //    superseded by a correction, in a month whose timesheet is approved (TimeService's own rule:
    //    floor(length in minutes) − break, never negative), for records started in the fiscal year. Everyone
    //    counts, including people who have since left: the hours were worked.
    const worked = await sql<{ minutes: string | number }>`
      SELECT coalesce(sum(greatest(0,
               floor(extract(epoch FROM (e.ended_at - e.started_at)) / 60) - e.break_minutes)), 0) AS minutes
      FROM time_entries e
      JOIN timesheets s ON s.tenant_id = e.tenant_id AND s.user_id = e.user_id AND s.status = 'approved'
        AND s.month = to_char((e.started_at AT TIME ZONE 'UTC') + interval '9 hours', 'YYYY-MM')
      WHERE e.ended_at IS NOT NULL AND e.started_at >= ${p.start} AND e.started_at < ${p.end}
        AND NOT EXISTS (SELECT 1 FROM time_entries c WHERE c.tenant_id = e.tenant_id AND c.corrects_id = e.id)`.execute(
      tx,
    );
    const minutesWorked = Number(worked.rows[0]?.minutes ?? 0);

    // 3. Placements (growth context) recorded in the fiscal year, by kind.
    const placements = await tx
      .selectFrom('placement_outcomes')
      .select(['kind', sql<string>`count(*)`.as('n')])
      .where('occurred_on', '>=', p.from)
      .where('occurred_on', '<', p.until)
      .groupBy('kind')
      .execute();
    const placementsByKind = noPlacements();
    for (const r of placements) placementsByKind[r.kind] = Number(r.n);

    // 4. Work types enabled here, 5. the workers' skills, 6. their hours (three queries for all of them).
    const enabled = new Set(
      (await tx.selectFrom('tenant_plugins').select('plugin_id').where('enabled', '=', true).execute()).map(
        (r) => r.plugin_id,
      ),
    );
    const skills = new Map<string, Set<string>>(workerIds.map((id) => [id, new Set()]));
    if (workerIds.length > 0) {
      const rows = await tx
        .selectFrom('worker_skills')
        .select(['user_id', 'skill'])
        .where('user_id', 'in', workerIds)
        .execute();
      for (const r of rows) skills.get(r.user_id)?.add(r.skill);
    }
    const rules = await this.availability.rulesOf(tx, workerIds);
    const weekly = new Map(workerIds.map((id) => [id, availableMinutes(rules.get(id) ?? null, p.today)]));

    const capacityMinutes = new Map<string, number>();
    const capacity = installed
      .filter((type) => enabled.has(type.id))
      .map((type) => {
        const qualified = workerIds.filter((id) => qualifies(skills.get(id)!, type.skills));
        const minutes = qualified.reduce((s, id) => s + weekly.get(id)!, 0);
        capacityMinutes.set(type.id, minutes);
        return {
          workType: type.id,
          qualifiedWorkers: qualified.length,
          weeklyHours: hoursOf(minutes),
          qualifiedWithoutHours: qualified.filter((id) => !rules.get(id)).length,
        };
      });

    // 7. Revenue shared: the hub's offers this centre accepted (tasks × unit price, integer yen), dated by
    //    the acceptance. The hub can see every partner's offers, so the row's own tenant is named explicitly.
    const offers = await sql<{ revenue: string | number; tasks: string | number; offers: string | number }>`
      SELECT coalesce(sum(o.tasks::bigint * o.unit_price), 0) AS revenue,
             coalesce(sum(o.tasks), 0) AS tasks, count(*) AS offers
      FROM hub_offers o
      WHERE o.tenant_id = ${centreId} AND o.status = 'accepted'
        AND coalesce(o.responded_at, o.created_at) >= ${p.start}
        AND coalesce(o.responded_at, o.created_at) < ${p.end}`.execute(tx);
    const shared = offers.rows[0];

    return {
      workers: workerIds.length,
      activeWorkers: workers.rows.filter((w) => w.active).length,
      minutesWorked,
      hoursWorked: hoursOf(minutesWorked),
      placements: KINDS.reduce((s, k) => s + placementsByKind[k], 0),
      placementsByKind,
      capacity,
      capacityMinutes,
      revenueShared: Number(shared?.revenue ?? 0),
      tasksShared: Number(shared?.tasks ?? 0),
      offersAccepted: Number(shared?.offers ?? 0),
    };
  }
}

/** The directory's public face of a centre, and its point on the map. */
function describe(t: Tenant) {
  return {
    slug: t.slug,
    name: { ja: t.name_ja, en: t.name_en },
    kind: t.kind,
    prefecture: t.prefecture,
    status: t.status,
    localGovernmentCode: t.local_government_code,
    location: locate(t.local_government_code, t.prefecture),
  };
}
