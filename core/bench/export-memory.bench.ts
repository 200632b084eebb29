/**
 * Peak memory of building a deliverable: 100,000 accepted tasks against 10,000, in the same run. The
 * export job reads accepted results page by page and the plugin's exporter streams them into the file,
 * so the peak should not grow with the number of tasks (ratio near 1).
 *
 * Run with --expose-gc (npm run bench does) so each measurement starts from a collected heap.
 */
import { rm } from 'node:fs/promises';
import { sql } from 'kysely';
import { PluginsService } from '../src/modules/plugins/plugins.service.js';
import { ExportsService } from '../src/modules/projects/exports.service.js';
import { benchApp, seedProject } from './support.js';

const SIZES = [10_000, 100_000] as const;
const FORMAT = process.env.BENCH_EXPORT_FORMAT ?? 'xlsx';

const { db, done, container, tenant } = await benchApp();
await container.get(PluginsService).host.ready();
const parameters = {
  form: {
    fields: [
      { key: 'name', label: { ja: '氏名', en: 'Name' }, type: 'text' },
      { key: 'birthDate', label: { ja: '生年月日', en: 'Date of birth' }, type: 'date' },
    ],
  },
};

async function acceptedProject(size: number) {
  const { projectId, workerIds } = await seedProject(db, tenant.id, {
    workType: 'data-entry',
    parameters,
    workers: 20,
    skills: ['typing-ja'],
  });
  await db.asOwner(async (tx) => {
    await sql`INSERT INTO tasks (tenant_id, project_id, seq, payload, status, needed, estimated_minutes, due_at, accepted_at)
              SELECT ${tenant.id}::uuid, ${projectId}::uuid, g, jsonb_build_object('scan', 'p-' || g || '.png'),
                     'accepted', 1, 1, '2027-03-31T08:00:00Z', now()
              FROM generate_series(1, ${size}) g`.execute(tx);
    await sql`INSERT INTO submissions (tenant_id, task_id, project_id, worker_id, payload, verdict)
              SELECT t.tenant_id, t.id, t.project_id, (${sql.val(workerIds)}::uuid[])[1 + t.seq % ${workerIds.length}],
                     jsonb_build_object('values', jsonb_build_object('name', '山田 花子 ' || t.seq, 'birthDate', '1985-03-03')),
                     'accepted'
              FROM tasks t WHERE t.project_id = ${projectId}::uuid`.execute(tx);
    await sql`UPDATE tasks t SET accepted_submission_id = s.id FROM submissions s
              WHERE s.task_id = t.id AND t.project_id = ${projectId}::uuid`.execute(tx);
  });
  return projectId;
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Exports one project and reports the peak of live heap above the heap before it started: with --expose-gc
 * each sample follows a collection, so garbage not yet collected does not count as growth.
 */
async function peakOf(projectId: string) {
  const exportsService = container.get(ExportsService);
  const id = crypto.randomUUID();
  await db.asOwner((tx) =>
    tx
      .insertInto('exports')
      .values({
        tenant_id: tenant.id,
        id,
        project_id: projectId,
        format: FORMAT,
        file_name: `bench.${FORMAT}`,
        content_type: 'application/octet-stream',
        storage_key: `${tenant.id}/exports/${id}`,
      })
      .execute(),
  );
  gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => {
    gc?.();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 100);
  const started = performance.now();
  const result = await exportsService.run(tenant.id, id, async () => {});
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  if (!('tasks' in result)) throw new Error(`export failed: ${JSON.stringify(result)}`);
  return { tasks: result.tasks, peakMb: (peak - before) / 2 ** 20, seconds };
}

const results = [];
for (const size of SIZES) results.push(await peakOf(await acceptedProject(size)));
if (!gc) console.log('(run with node --expose-gc for steadier numbers)');
console.log(
  `database: ${db.kind}; exporter data-entry/${FORMAT}; peak live heap above the starting heap (sampled every 100 ms after a collection)`,
);
for (const r of results)
  console.log(
    `${String(r.tasks).padStart(7)} tasks: peak +${r.peakMb.toFixed(1)} MB, ${r.seconds.toFixed(1)} s`,
  );
console.log(`ratio peak 100k/10k:  ${(results[1]!.peakMb / results[0]!.peakMb).toFixed(2)}`);
await rm(`${container.get<{ filesDir: string }>(Symbol.for('kado.Config')).filesDir}/${tenant.id}`, {
  recursive: true,
  force: true,
});
await done();
