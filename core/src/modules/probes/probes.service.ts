import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database } from '../../db/database.js';
import { currentTenant } from '../../db/request-context.js';
import type { JobQueue } from '../../jobs/queue.js';
import { notFound } from '../../kernel/problems.js';
import { TOKENS } from '../../kernel/tokens.js';
import type { CreateProbes } from './probes.schemas.js';

export const PROBE_JOB = 'system.probe';
/** Enqueued a few at a time: one request may ask for a thousand. */
const ENQUEUE_CHUNK = 50;
/** Who processed a probe: a process, not a person. */
const PROCESS_ID = `${hostname()}:${process.pid}`;

/**
 * Queue probes: jobs whose only effect is a row of their own, so an administrator (or the cluster test)
 * can check that every enqueued job is processed exactly once, across however many web and worker
 * processes share the database and Redis.
 */
@injectable()
export class ProbesService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(TOKENS.JobQueue) private readonly jobs: JobQueue,
  ) {}

  async create({ count, holdMs }: CreateProbes) {
    const tenantId = currentTenant().id;
    const batch = randomUUID();
    const rows = await this.db.inTenant((tx) =>
      tx
        .insertInto('queue_probes')
        .values(Array.from({ length: count }, () => ({ tenant_id: tenantId, batch, hold_ms: holdMs })))
        .returning('id')
        .execute(),
    );
    const ids = rows.map((r) => r.id);
    // After the rows commit, so the job always finds its probe. A failure here answers 5xx: the probes
    // already enqueued still run, the rest stay pending and were never acknowledged.
    for (let i = 0; i < ids.length; i += ENQUEUE_CHUNK)
      await Promise.all(
        ids
          .slice(i, i + ENQUEUE_CHUNK)
          .map((id) => this.jobs.enqueue(PROBE_JOB, { probeId: id }, { tenantId, jobId: `probe.${id}` })),
      );
    return { batch, ids };
  }

  async get(id: string) {
    const probe = await this.db.inTenant((tx) =>
      tx
        .selectFrom('queue_probes as p')
        .select((eb) => [
          'p.id',
          'p.batch',
          'p.hold_ms',
          'p.created_at',
          'p.runs',
          'p.processed_at',
          'p.processed_by',
          eb
            .selectFrom('queue_probe_effects as e')
            .whereRef('e.probe_id', '=', 'p.id')
            .select(sql<number>`count(*)::int`.as('n'))
            .as('effects'),
        ])
        .where('p.id', '=', id)
        .executeTakeFirst(),
    );
    if (!probe) throw notFound('プローブ', 'Probe');
    return {
      id: probe.id,
      batch: probe.batch,
      holdMs: probe.hold_ms,
      createdAt: probe.created_at,
      runs: probe.runs,
      effects: probe.effects ?? 0,
      processedAt: probe.processed_at,
      processedBy: probe.processed_by,
    };
  }

  async summary(batch?: string) {
    return this.db.inTenant(async (tx) => {
      const probes = await tx
        .selectFrom('queue_probes')
        .$if(batch !== undefined, (q) => q.where('batch', '=', batch!))
        .select([
          sql<number>`count(*)::int`.as('probes'),
          sql<number>`count(processed_at)::int`.as('processed'),
          sql<number>`coalesce(sum(greatest(runs - 1, 0)), 0)::int`.as('reruns'),
        ])
        .executeTakeFirstOrThrow();
      const effects = await tx
        .selectFrom('queue_probe_effects as e')
        .innerJoin('queue_probes as p', (j) =>
          j.onRef('p.tenant_id', '=', 'e.tenant_id').onRef('p.id', '=', 'e.probe_id'),
        )
        .$if(batch !== undefined, (q) => q.where('p.batch', '=', batch!))
        .select([
          sql<number>`count(*)::int`.as('effects'),
          sql<number>`count(DISTINCT e.probe_id)::int`.as('probesWithEffect'),
        ])
        .executeTakeFirstOrThrow();
      const by = await tx
        .selectFrom('queue_probes')
        .$if(batch !== undefined, (q) => q.where('batch', '=', batch!))
        .where('processed_by', 'is not', null)
        .select(['processed_by', sql<number>`count(*)::int`.as('n')])
        .groupBy('processed_by')
        .execute();
      return {
        probes: probes.probes,
        processed: probes.processed,
        pending: probes.probes - probes.processed,
        reruns: probes.reruns,
        effects: effects.effects,
        duplicateEffects: effects.effects - effects.probesWithEffect,
        processedBy: Object.fromEntries(by.map((r) => [r.processed_by!, r.n])),
      };
    });
  }

  /**
   * The job: counts the run, writes the effect once (the probe row's lock orders concurrent runs of the
   * same job), then holds. Both writes commit before the hold, so a process killed while holding leaves
   * its effect, and the re-run only counts itself.
   */
  async run(tenantId: string, probeId: string) {
    const done = await this.db.withTenant(tenantId, async (tx) => {
      const probe = await tx
        .updateTable('queue_probes')
        .set((eb) => ({ runs: eb('runs', '+', 1) }))
        .where('id', '=', probeId)
        .returning(['hold_ms', 'processed_at'])
        .executeTakeFirst();
      if (!probe) return undefined; // deleted with its tenant: nothing to do
      if (probe.processed_at === null) {
        await tx
          .insertInto('queue_probe_effects')
          .values({ tenant_id: tenantId, probe_id: probeId, processed_by: PROCESS_ID })
          .execute();
        await tx
          .updateTable('queue_probes')
          .set({ processed_at: new Date(), processed_by: PROCESS_ID })
          .where('id', '=', probeId)
          .execute();
      }
      return probe;
    });
    if (done && done.hold_ms > 0) await sleep(done.hold_ms);
    return { probeId, processedBy: PROCESS_ID, found: done !== undefined };
  }
}
