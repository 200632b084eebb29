import type { QualityPolicy } from '@kado/plugin-sdk';
import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../db/database.js';
import { currentScope } from '../../db/request-context.js';
import type { Order, Project } from '../../db/schema.js';
import { notFound, Problem } from '../../kernel/problems.js';
import { TOKENS } from '../../kernel/tokens.js';
import type { FileStorage } from '../../storage/file-storage.js';
import { AuditService } from '../audit/audit.service.js';
import { PluginsService } from '../plugins/plugins.service.js';
import { submissionsNeeded } from './quality-decision.js';

/** An hourly work type's tasks are shifts signed up for days ahead: the hold lasts until the shift, not 30 minutes. */
const LEASE_MINUTES = { task: 30, hour: 60 * 24 * 60 } as const;

export const toProjectView = (p: Project) => ({
  id: p.id,
  orderId: p.order_id,
  workType: p.work_type,
  pluginVersion: p.plugin_version,
  parameters: p.parameters,
  quality: p.quality as QualityPolicy,
  needed: p.needed,
  goldenPercent: p.golden_percent,
  leaseMinutes: p.lease_minutes,
  dueAt: p.due_at,
  qualityTarget: p.quality_target,
  createdAt: p.created_at,
});

const FILE_NAME = /^[^/\\\0]{1,200}$/;

/**
 * Projects: the work of an accepted order, created with the plugin version and quality policy in force at
 * that moment, plus the project's files (images, scans) kept through the storage port.
 */
@injectable()
export class ProjectsService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(PluginsService) private readonly plugins: PluginsService,
    @inject(AuditService) private readonly audit: AuditService,
    @inject(TOKENS.FileStorage) private readonly storage: FileStorage,
  ) {}

  /** Called by the orders module in the transaction that accepts the order. */
  async createForOrder(tx: Tx, order: Order): Promise<string> {
    const plugin = await this.plugins.requireEnabled(tx, order.work_type);
    const { definition } = plugin;
    const created = await tx
      .insertInto('projects')
      .values(({ eb }) => ({
        tenant_id: eb.fn<string>('kado_current_tenant'),
        order_id: order.id,
        work_type: order.work_type,
        plugin_version: plugin.version,
        parameters: JSON.stringify(order.parameters),
        quality: JSON.stringify(definition.quality),
        needed: submissionsNeeded(definition.quality),
        golden_percent:
          definition.quality.strategy === 'golden' ? Math.round(definition.quality.rate * 100) : 10,
        lease_minutes: LEASE_MINUTES[definition.pricing.unit],
        due_at: order.deadline,
        quality_target: order.quality_target,
      }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.audit.record(tx, {
      action: 'project.created',
      entityType: 'project',
      entityId: created.id,
      data: { orderId: order.id, workType: order.work_type, pluginVersion: plugin.version },
    });
    return created.id;
  }

  /**
   * Work copied into a project from elsewhere (a hub task given to a partner), inside the caller's
   * transaction: the tasks in the given order after the project's last, each due when the project is, and
   * the files they refer to (same stored objects, so nothing is copied in storage). Returns the new task
   * ids in the order given.
   */
  async copyWork(
    tx: Tx,
    projectId: string,
    tasks: readonly { payload: unknown; estimatedMinutes: number; scheduledOn: string | null }[],
    files: readonly { name: string; storageKey: string; contentType: string; size: number }[],
  ): Promise<string[]> {
    const project = await this.find(tx, projectId);
    for (const f of files)
      await tx
        .insertInto('project_files')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          project_id: projectId,
          name: f.name,
          storage_key: f.storageKey,
          content_type: f.contentType,
          size: f.size,
        }))
        .onConflict((oc) => oc.columns(['tenant_id', 'project_id', 'name']).doNothing())
        .execute();
    const last = await tx
      .selectFrom('tasks')
      .select(({ fn }) => fn.max('seq').as('seq'))
      .where('project_id', '=', projectId)
      .executeTakeFirst();
    const first = Number(last?.seq ?? 0) + 1;
    const ids: string[] = [];
    for (let at = 0; at < tasks.length; at += 1000) {
      const rows = await tx
        .insertInto('tasks')
        .values(
          tasks.slice(at, at + 1000).map((t, i) => ({
            tenant_id: project.tenant_id,
            project_id: projectId,
            seq: first + at + i,
            payload: JSON.stringify(t.payload),
            needed: project.needed,
            estimated_minutes: t.estimatedMinutes,
            scheduled_on: t.scheduledOn,
            due_at: project.due_at,
          })),
        )
        .returning(['id', 'seq'])
        .execute();
      ids.push(...rows.sort((a, b) => a.seq - b.seq).map((r) => r.id));
    }
    return ids;
  }

  list(filter: { orderId?: string } = {}) {
    return this.db.inTenant(async (tx) => {
      let q = tx.selectFrom('projects').selectAll();
      if (filter.orderId) q = q.where('order_id', '=', filter.orderId);
      const rows = await q.orderBy('due_at').orderBy('id').execute();
      return rows.map(toProjectView);
    });
  }

  /** The project with its progress (tasks by status, golden items apart) and measured quality. */
  get(id: string) {
    return this.db.inTenant(async (tx) => {
      const project = await this.find(tx, id);
      return { ...toProjectView(project), ...(await this.progress(tx, id)) };
    });
  }

  async progress(tx: Tx, id: string) {
    const counts = await tx
      .selectFrom('tasks')
      .select(['status', sql<boolean>`expected IS NOT NULL`.as('golden'), sql<number>`count(*)::int`.as('n')])
      .where('project_id', '=', id)
      .groupBy(['status', sql`expected IS NOT NULL`])
      .execute();
    const byStatus = {
      open: 0,
      assigned: 0,
      submitted: 0,
      in_review: 0,
      accepted: 0,
      returned: 0,
      shared: 0,
    };
    let golden = 0;
    for (const c of counts) {
      if (c.golden) golden += c.n;
      else byStatus[c.status] += c.n;
    }
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    const measured = await tx
      .selectFrom('submissions')
      .select([sql<number | null>`avg(agreement)`.as('avg'), sql<number>`count(agreement)::int`.as('n')])
      .where('project_id', '=', id)
      .executeTakeFirstOrThrow();
    return {
      progress: {
        total,
        golden,
        ...byStatus,
        percentAccepted: total ? Math.floor((byStatus.accepted * 100) / total) : 0,
      },
      measuredQuality: measured.avg === null ? null : Math.round(Number(measured.avg) * 1000) / 10,
      scoredSubmissions: measured.n,
    };
  }

  update(id: string, changes: { goldenPercent?: number; leaseMinutes?: number }) {
    return this.db.inTenant(async (tx) => {
      await this.find(tx, id);
      await tx
        .updateTable('projects')
        .set({
          ...(changes.goldenPercent !== undefined && { golden_percent: changes.goldenPercent }),
          ...(changes.leaseMinutes !== undefined && { lease_minutes: changes.leaseMinutes }),
        })
        .where('id', '=', id)
        .execute();
      await this.audit.record(tx, {
        action: 'project.updated',
        entityType: 'project',
        entityId: id,
        data: changes,
      });
      return toProjectView(await this.find(tx, id));
    });
  }

  async find(tx: Tx, id: string): Promise<Project> {
    const project = await tx.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
    if (!project) throw notFound('プロジェクト', 'Project');
    return project;
  }

  /** Stores an uploaded file of the project under its name (replacing one of the same name). */
  async putFile(projectId: string, name: string, contentType: string, body: AsyncIterable<Uint8Array>) {
    if (!FILE_NAME.test(name) || name === '.' || name === '..')
      throw new Problem('validation-failed', 'ファイル名が正しくありません / Invalid file name', {
        errors: [{ pointer: '/query/name', code: 'invalid_name', detail: 'A file name without / or \\' }],
      });
    const tenantId = currentScope().tenant.id;
    await this.db.inTenant((tx) => this.find(tx, projectId));
    const key = `${tenantId}/files/${projectId}/${Buffer.from(name).toString('base64url')}`;
    const { size } = await this.storage.write(key, body);
    return this.db.inTenant(async (tx) => {
      await tx
        .insertInto('project_files')
        .values(({ eb }) => ({
          tenant_id: eb.fn<string>('kado_current_tenant'),
          project_id: projectId,
          name,
          storage_key: key,
          content_type: contentType,
          size,
        }))
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'project_id', 'name']).doUpdateSet({ content_type: contentType, size }),
        )
        .execute();
      return { name, contentType, size };
    });
  }

  listFiles(projectId: string) {
    return this.db.inTenant(async (tx) => {
      await this.find(tx, projectId);
      const rows = await tx
        .selectFrom('project_files')
        .select(['name', 'content_type', 'size', 'created_at'])
        .where('project_id', '=', projectId)
        .orderBy('name')
        .execute();
      return rows.map((r) => ({
        name: r.name,
        contentType: r.content_type,
        size: Number(r.size),
        createdAt: r.created_at,
      }));
    });
  }

  /**
   * A file for download. Staff see every project's files; a worker only those of a project they hold or
   * have done a task in, so an image is never served to someone with no reason to see it.
   */
  async openFile(projectId: string, name: string) {
    const { role, actor } = currentScope();
    const file = await this.db.inTenant(async (tx) => {
      if (role === 'worker') {
        const works = await tx
          .selectFrom('assignments')
          .select('id')
          .where('project_id', '=', projectId)
          .where('worker_id', '=', actor.userId!)
          .executeTakeFirst();
        if (!works) return undefined;
      }
      return tx
        .selectFrom('project_files')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('name', '=', name)
        .executeTakeFirst();
    });
    if (!file) throw notFound('ファイル', 'File');
    return {
      contentType: file.content_type,
      size: Number(file.size),
      stream: this.storage.read(file.storage_key),
    };
  }
}
