import { createHash, randomUUID } from 'node:crypto';
import type { AcceptedResult } from '@kado/plugin-sdk';
import { inject, injectable } from 'inversify';
import type { Selectable } from 'kysely';
import { Database } from '../../db/database.js';
import { currentScope } from '../../db/request-context.js';
import type { ExportsTable } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { TOKENS } from '../../kernel/tokens.js';
import type { FileStorage } from '../../storage/file-storage.js';
import { AuditService } from '../audit/audit.service.js';
import { PluginsService } from '../plugins/plugins.service.js';
import { ProjectsService } from './projects.service.js';

export const EXPORT_JOB = 'projects.export';
/** Accepted results are read in pages of this size, each in its own short transaction. */
const PAGE = 500;

/** A row as the schema types it (migration 0005). */
type ExportRow = Selectable<ExportsTable>;

export const toExportView = (e: ExportRow) => ({
  id: e.id,
  projectId: e.project_id,
  format: e.format,
  status: e.status,
  fileName: e.file_name,
  contentType: e.content_type,
  size: e.size === null ? null : Number(e.size),
  tasks: e.tasks,
  error: e.error,
  jobId: e.job_id,
  createdAt: e.created_at,
  finishedAt: e.finished_at,
});

/** A stable pseudonym for a worker in a deliverable: the client never needs the person's id. */
const workerRef = (projectId: string, workerId: string) =>
  `W-${createHash('sha256').update(`${projectId}:${workerId}`).digest('hex').slice(0, 8)}`;

/**
 * Deliverables: the plugin's exporter streams accepted results into a file kept by the storage port, as a
 * background job; results are read page by page, so memory does not grow with the number of tasks.
 */
@injectable()
export class ExportsService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(PluginsService) private readonly plugins: PluginsService,
    @inject(ProjectsService) private readonly projects: ProjectsService,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(TOKENS.FileStorage) private readonly storage: FileStorage,
    @inject(TOKENS.JobQueue) private readonly jobs: JobQueue,
  ) {}

  async start(projectId: string, format: string) {
    const { tenant, actor } = currentScope();
    await this.plugins.host.ready();
    const id = randomUUID();
    const jobId = `export-${id}`;
    const row = await this.db.inTenant(async (tx) => {
      const project = await this.projects.find(tx, projectId);
      const exporter = this.plugins.host.require(project.work_type).definition.exporters[format];
      if (!exporter) {
        const known = Object.keys(this.plugins.host.require(project.work_type).definition.exporters).join(
          ', ',
        );
        throw new Problem(
          'validation-failed',
          `出力形式 ${format} はありません（${known}） / No export format "${format}" (${known})`,
          { errors: [{ pointer: '/body/format', code: 'invalid_value', detail: `One of: ${known}` }] },
        );
      }
      const inserted = await tx
        .insertInto('exports')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          id,
          project_id: projectId,
          format,
          file_name: `${project.work_type}-${projectId.slice(0, 8)}-${format}.${exporter.fileExtension}`,
          content_type: exporter.contentType,
          storage_key: `${tenant.id}/exports/${id}`,
          job_id: jobId,
          created_by: actor.userId,
        }))
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'export.started',
        entityType: 'project',
        entityId: projectId,
        data: { exportId: id, format },
      });
      return inserted;
    });
    await this.jobs.enqueue(EXPORT_JOB, { exportId: id }, { tenantId: tenant.id, jobId, attempts: 3 });
    return toExportView(row);
  }

  list(projectId: string, options: { doneOnly?: boolean } = {}) {
    return this.db.inTenant(async (tx) => {
      await this.projects.find(tx, projectId);
      let q = tx.selectFrom('exports').selectAll().where('project_id', '=', projectId);
      if (options.doneOnly) q = q.where('status', '=', 'done');
      const rows = await q.orderBy('created_at', 'desc').limit(50).execute();
      return rows.map(toExportView);
    });
  }

  get(projectId: string, exportId: string) {
    return this.db.inTenant(async (tx) => {
      const row = await tx
        .selectFrom('exports')
        .selectAll()
        .where('id', '=', exportId)
        .where('project_id', '=', projectId)
        .executeTakeFirst();
      if (!row) throw notFound('納品ファイル', 'Deliverable');
      return toExportView(row);
    });
  }

  /** The export row by id (any status); the caller checks who may see its project. */
  find(exportId: string) {
    return this.db.inTenant(async (tx) => {
      const row = await tx.selectFrom('exports').selectAll().where('id', '=', exportId).executeTakeFirst();
      if (!row) throw notFound('納品ファイル', 'Deliverable');
      const project = await this.projects.find(tx, row.project_id);
      return { ...toExportView(row), orderId: project.order_id, storageKey: row.storage_key };
    });
  }

  open(storageKey: string) {
    return this.storage.read(storageKey);
  }

  /**
   * The job's work. Idempotent: a finished export is left alone; a re-run rewrites the same file, which the
   * storage port replaces atomically.
   */
  async run(tenantId: string, exportId: string, progress: (percent: number) => Promise<void>) {
    await this.plugins.host.ready();
    const found = await this.db.withTenant(tenantId, async (tx) => {
      const row = await tx.selectFrom('exports').selectAll().where('id', '=', exportId).executeTakeFirst();
      if (!row || row.status === 'done') return null;
      await tx.updateTable('exports').set({ status: 'running' }).where('id', '=', exportId).execute();
      const project = await tx
        .selectFrom('projects')
        .selectAll()
        .where('id', '=', row.project_id)
        .executeTakeFirstOrThrow();
      const total = await tx
        .selectFrom('tasks')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('project_id', '=', row.project_id)
        .where('status', '=', 'accepted')
        .where('expected', 'is', null)
        .executeTakeFirstOrThrow();
      return { row, project, total: Number(total.n) };
    });
    if (!found) return { skipped: true };
    const { row, project, total } = found;
    const { definition } = this.plugins.host.require(project.work_type);
    const exporter = definition.exporters[row.format]!;
    const parameters = definition.orderParameters.parse(project.parameters);
    let count = 0;
    let reported = 0;
    const db = this.db;
    async function* results(): AsyncGenerator<AcceptedResult<unknown, unknown>> {
      let after = 0;
      for (;;) {
        const page = await db.withTenant(tenantId, (tx) =>
          tx
            .selectFrom('tasks')
            .innerJoin('submissions', 'submissions.id', 'tasks.accepted_submission_id')
            .leftJoin('users', 'users.id', 'submissions.worker_id')
            .select([
              'tasks.seq',
              'tasks.payload',
              'tasks.accepted_at',
              'submissions.payload as submission',
              'submissions.worker_id',
              'submissions.worker_pseudonym',
              'users.display_name',
            ])
            .where('tasks.project_id', '=', project.id)
            .where('tasks.status', '=', 'accepted')
            .where('tasks.expected', 'is', null)
            .where('tasks.seq', '>', after)
            .orderBy('tasks.seq')
            .limit(PAGE)
            .execute(),
        );
        if (page.length === 0) return;
        for (const r of page) {
          count++;
          yield {
            task: r.payload,
            submission: r.submission,
            // A result from a partner centre carries its worker's pseudonym, never a name.
            worker: r.worker_id
              ? { ref: workerRef(project.id, r.worker_id), name: r.display_name ?? '' }
              : { ref: r.worker_pseudonym ?? '', name: r.worker_pseudonym ?? '' },
            acceptedAt: r.accepted_at?.toISOString(),
          };
        }
        after = page[page.length - 1]!.seq;
        const percent = Math.floor((count * 95) / Math.max(total, 1));
        if (percent >= reported + 5) {
          reported = percent;
          await progress(percent);
        }
      }
    }
    try {
      const { size } = await this.storage.write(row.storage_key, exporter.export(results(), parameters));
      await this.db.withTenant(tenantId, (tx) =>
        tx
          .updateTable('exports')
          .set({ status: 'done', size, tasks: count, error: null, finished_at: new Date() })
          .where('id', '=', exportId)
          .execute(),
      );
    } catch (err) {
      // A plugin's refusal (e.g. a character Shift_JIS cannot hold) is the export's outcome, not a crash to retry.
      const message = (err as Error)?.message ?? String(err);
      await this.db.withTenant(tenantId, (tx) =>
        tx
          .updateTable('exports')
          .set({ status: 'failed', error: message, finished_at: new Date() })
          .where('id', '=', exportId)
          .execute(),
      );
      return { failed: true, error: message };
    }
    await progress(100);
    return { tasks: count, projectId: project.id, orderId: project.order_id };
  }
}
