import { randomUUID } from 'node:crypto';
import { type AnyPlugin, isImportError } from '@kado/plugin-sdk';
import { inject, injectable } from 'inversify';
import type { Insertable, Selectable } from 'kysely';
import { Database } from '../../db/database.js';
import { currentScope } from '../../db/request-context.js';
import type { ImportsTable, TasksTable } from '../../db/schema.js';
import type { JobQueue } from '../../jobs/queue.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { TOKENS } from '../../kernel/tokens.js';
import type { FileStorage } from '../../storage/file-storage.js';
import { AuditService } from '../audit/audit.service.js';
import { PluginsService } from '../plugins/plugins.service.js';
import { ProjectsService } from './projects.service.js';

export const IMPORT_JOB = 'projects.import';
/** Bad rows kept for the report; the count is always exact. */
const MAX_REPORTED_ERRORS = 1000;
const BATCH = 500;

/** A row as the schema types it (migration 0005). */
type ImportRow = Selectable<ImportsTable>;

export const toImportView = (i: ImportRow) => ({
  id: i.id,
  projectId: i.project_id,
  format: i.format,
  fileName: i.file_name,
  size: Number(i.size),
  status: i.status,
  jobId: i.job_id,
  imported: i.imported,
  golden: i.golden,
  errors: i.errors,
  errorCount: i.error_count,
  createdAt: i.created_at,
  finishedAt: i.finished_at,
});

type CheckedRow = { row: number; payload: unknown; expected: unknown } | { row: number; error: string };

/**
 * Order input → tasks through the plugin's importer, as a background job. The file is stored first, then
 * the job reads it as a stream, validates every row against the plugin's task schema and inserts in batches
 * inside one transaction that is rolled back if any row is bad.
 */
@injectable()
export class ImportsService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(PluginsService) private readonly plugins: PluginsService,
    @inject(ProjectsService) private readonly projects: ProjectsService,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(TOKENS.FileStorage) private readonly storage: FileStorage,
    @inject(TOKENS.JobQueue) private readonly jobs: JobQueue,
  ) {}

  async start(projectId: string, format: string, fileName: string, body: AsyncIterable<Uint8Array>) {
    const { tenant, actor } = currentScope();
    const project = await this.db.inTenant((tx) => this.projects.find(tx, projectId));
    await this.plugins.host.ready();
    const plugin = this.plugins.host.require(project.work_type);
    if (!plugin.definition.importers[format]) {
      const known = Object.keys(plugin.definition.importers).join(', ');
      throw new Problem(
        'validation-failed',
        `取り込み形式 ${format} はありません（${known}） / No import format "${format}" (${known})`,
        {
          errors: [{ pointer: '/query/format', code: 'invalid_value', detail: `One of: ${known}` }],
        },
      );
    }
    const id = randomUUID();
    const key = `${tenant.id}/imports/${id}`;
    const { size } = await this.storage.write(key, body);
    if (size === 0)
      throw new Problem('validation-failed', 'ファイルが空です / The file is empty', {
        errors: [{ pointer: '/body', code: 'empty', detail: 'Send the file as the request body' }],
      });
    const jobId = `import-${id}`;
    const row = await this.db.inTenant(async (tx) => {
      const inserted = await tx
        .insertInto('imports')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          id,
          project_id: projectId,
          format,
          file_name: fileName,
          storage_key: key,
          size,
          job_id: jobId,
          created_by: actor.userId,
        }))
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(tx, {
        action: 'import.started',
        entityType: 'project',
        entityId: projectId,
        data: { importId: id, format, fileName, size },
      });
      return inserted;
    });
    await this.jobs.enqueue(IMPORT_JOB, { importId: id }, { tenantId: tenant.id, jobId, attempts: 3 });
    return toImportView(row);
  }

  get(projectId: string, importId: string) {
    return this.db.inTenant(async (tx) => {
      const row = await tx
        .selectFrom('imports')
        .selectAll()
        .where('id', '=', importId)
        .where('project_id', '=', projectId)
        .executeTakeFirst();
      if (!row) throw notFound('取り込み', 'Import');
      return toImportView(row);
    });
  }

  list(projectId: string) {
    return this.db.inTenant(async (tx) => {
      await this.projects.find(tx, projectId);
      const rows = await tx
        .selectFrom('imports')
        .selectAll()
        .where('project_id', '=', projectId)
        .orderBy('created_at', 'desc')
        .limit(50)
        .execute();
      return rows.map(toImportView);
    });
  }

  /**
   * The job's work, in the tenant given by the job. Idempotent: a finished import is left as it is, and the
   * tasks are written in the same transaction that marks the import done, so a re-run after a crash starts
   * from nothing.
   */
  async run(tenantId: string, importId: string, progress: (percent: number) => Promise<void>) {
    await this.plugins.host.ready();
    const found = await this.db.withTenant(tenantId, async (tx) => {
      const imp = await tx.selectFrom('imports').selectAll().where('id', '=', importId).executeTakeFirst();
      if (!imp || imp.status === 'done' || imp.status === 'failed') return null;
      await tx.updateTable('imports').set({ status: 'running' }).where('id', '=', importId).execute();
      const project = await tx
        .selectFrom('projects')
        .selectAll()
        .where('id', '=', imp.project_id)
        .executeTakeFirstOrThrow();
      return { imp, project };
    });
    if (!found) return { skipped: true };
    const { imp, project } = found;
    const { definition } = this.plugins.host.require(project.work_type);
    const importer = definition.importers[imp.format]!;
    const parameters = definition.orderParameters.parse(project.parameters);
    // Pass 1 reads and checks every row (the long part, with progress); pass 2, only for a clean file,
    // reads it again and writes all tasks in one transaction. Progress is never written inside that
    // transaction: the embedded database has a single connection the queue's progress write would wait on.
    const rows = (onBytes?: (read: number) => Promise<void>) =>
      this.checkedRows(imp.storage_key, importer, parameters, project.work_type, onBytes);
    const total = Number(imp.size);
    let reported = 0;
    const errors: { row: number; error: string }[] = [];
    let errorCount = 0;
    let count = 0;
    for await (const item of rows(async (read) => {
      const percent = Math.floor((read * 90) / Math.max(total, 1));
      if (percent >= reported + 5) {
        reported = percent;
        await progress(percent);
      }
    })) {
      if ('error' in item) {
        errorCount++;
        if (errors.length < MAX_REPORTED_ERRORS) errors.push(item);
      } else count++;
    }
    if (errorCount === 0 && count === 0) {
      errorCount = 1;
      errors.push({ row: 1, error: '取り込める行がありません / The file has no rows to import' });
    }
    if (errorCount > 0) {
      await this.db.withTenant(tenantId, (tx) =>
        tx
          .updateTable('imports')
          .set({
            status: 'failed',
            errors: JSON.stringify(errors),
            error_count: errorCount,
            finished_at: new Date(),
          })
          .where('id', '=', importId)
          .execute(),
      );
      await progress(100);
      return { imported: 0, rejected: true, errorCount };
    }
    let imported = 0;
    let golden = 0;
    const written = await this.db.withTenant(tenantId, async (tx) => {
      // At least once means possibly twice at the same time (a stalled job's re-run, or the demo seed
      // running an import the queue also took): the import row's lock orders them, the second finds it done.
      const current = await tx
        .selectFrom('imports')
        .select('status')
        .where('id', '=', importId)
        .forUpdate()
        .executeTakeFirst();
      if (!current || current.status === 'done' || current.status === 'failed') return false;
      const last = await tx
        .selectFrom('tasks')
        .select(({ fn }) => fn.max('seq').as('seq'))
        .where('project_id', '=', project.id)
        .executeTakeFirst();
      let seq = Number(last?.seq ?? 0);
      let batch: Insertable<TasksTable>[] = [];
      for await (const item of rows()) {
        if ('error' in item) throw new Error(`row ${item.row} changed between the two passes: ${item.error}`);
        const isGolden = item.expected !== null;
        batch.push({
          tenant_id: tenantId,
          project_id: project.id,
          import_id: importId,
          seq: ++seq,
          payload: JSON.stringify(item.payload),
          expected: isGolden ? JSON.stringify(item.expected) : null,
          needed: isGolden ? 1 : project.needed,
          estimated_minutes: Math.max(1, Math.round(definition.estimateMinutes(item.payload, parameters))),
          scheduled_on: definition.timeWindow?.(item.payload, parameters)?.date ?? null,
          due_at: project.due_at,
        });
        if (isGolden) golden++;
        else imported++;
        if (batch.length >= BATCH) {
          await tx.insertInto('tasks').values(batch).execute();
          batch = [];
        }
      }
      if (batch.length > 0) await tx.insertInto('tasks').values(batch).execute();
      await tx
        .updateTable('imports')
        .set({ status: 'done', imported, golden, finished_at: new Date() })
        .where('id', '=', importId)
        .execute();
      return true;
    });
    if (!written) return { skipped: true };
    await progress(100);
    return { imported, golden, projectId: project.id, orderId: project.order_id };
  }

  /** The importer's rows with every payload (and known answer) checked against the plugin's schemas. */
  private async *checkedRows(
    key: string,
    importer: AnyPlugin['importers'][string],
    parameters: unknown,
    workType: string,
    onBytes?: (read: number) => Promise<void>,
  ): AsyncGenerator<CheckedRow> {
    const source = this.storage.read(key);
    async function* bytes() {
      let read = 0;
      for await (const chunk of source as AsyncIterable<Buffer>) {
        read += chunk.byteLength;
        await onBytes?.(read);
        yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      }
    }
    const describe = (errors: { pointer: string; detail: string }[]) =>
      errors.map((e) => `${e.pointer || '/'}: ${e.detail}`).join('; ');
    for await (const item of importer(bytes(), parameters)) {
      if (isImportError(item)) {
        yield item;
        continue;
      }
      const task = this.plugins.host.validateTask(workType, item.payload);
      if (!task.ok) {
        yield { row: item.row, error: describe(task.errors) };
        continue;
      }
      if (item.expected === undefined) {
        yield { row: item.row, payload: task.value, expected: null };
        continue;
      }
      const answer = this.plugins.host.validateSubmission(workType, item.expected);
      yield answer.ok
        ? { row: item.row, payload: task.value, expected: answer.value }
        : { row: item.row, error: `正解データ / known answer: ${describe(answer.errors)}` };
    }
  }
}
