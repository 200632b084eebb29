import { z } from 'zod';
import { defineRoute, STREAMED, TENANT_ROLES } from '../../http/route.js';
import { contentTypeOf, uploadBody } from '../../http/upload.js';
import type { Config } from '../../kernel/config.js';
import { notFound } from '../../kernel/problems.js';
import type { OrdersService } from '../orders/orders.service.js';
import type { ExportsService } from './exports.service.js';
import type { ImportsService } from './imports.service.js';
import {
  ExportBody,
  FileParams,
  ImportQuery,
  Json,
  ProjectItemParams,
  ProjectParams,
  ProjectsQuery,
  TenantParams,
  UpdateProjectBody,
  UploadQuery,
} from './project.schemas.js';
import type { ProjectsService } from './projects.service.js';

const staff = { kind: 'tenant', roles: TENANT_ROLES.staff } as const;
const staffAndWorkers = { kind: 'tenant', roles: [...TENANT_ROLES.staff, 'worker'] } as const;
const staffAndClients = { kind: 'tenant', roles: [...TENANT_ROLES.staff, 'client'] } as const;

interface Deps {
  config: Config;
  projects: ProjectsService;
  imports: ImportsService;
  exports: ExportsService;
  orders: OrdersService;
}

export const projectsRoutes = ({ config, projects, imports, exports, orders }: Deps) => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/projects',
    summary: 'プロジェクト一覧 / List projects',
    tags: ['projects'],
    access: staff,
    params: TenantParams,
    query: ProjectsQuery,
    response: { status: 200, description: 'Projects', schema: z.array(Json) },
    handle: ({ query }) => projects.list(query),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/projects/:id',
    summary: 'プロジェクトと進捗・品質 / A project with its progress and measured quality',
    tags: ['projects'],
    access: staff,
    params: ProjectParams,
    response: { status: 200, description: 'The project', schema: Json },
    handle: ({ params }) => projects.get(params.id),
  }),
  defineRoute({
    method: 'patch',
    path: '/t/:tenant/projects/:id',
    summary: 'ゴールデン率・保持時間を変更 / Change the golden rate or the lease length',
    tags: ['projects'],
    access: staff,
    params: ProjectParams,
    body: UpdateProjectBody,
    response: { status: 200, description: 'The project', schema: Json },
    handle: ({ params, body }) => projects.update(params.id, body),
  }),
  defineRoute({
    method: 'put',
    path: '/t/:tenant/projects/:id/files',
    summary: 'ファイル（画像・スキャン）をアップロード / Upload a file (image, scan)',
    tags: ['projects'],
    access: staff,
    upload: true,
    params: ProjectParams,
    query: UploadQuery,
    response: { status: 201, description: 'Stored', schema: Json },
    handle: ({ params, query, req }) =>
      projects.putFile(params.id, query.name, contentTypeOf(req), uploadBody(req, config.uploadLimitBytes)),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/projects/:id/files',
    summary: 'ファイル一覧 / List files',
    tags: ['projects'],
    access: staff,
    params: ProjectParams,
    response: { status: 200, description: 'Files', schema: z.array(Json) },
    handle: ({ params }) => projects.listFiles(params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/projects/:id/files/:name',
    summary: 'ファイルを取得 / Download a file',
    tags: ['projects'],
    access: staffAndWorkers,
    params: FileParams,
    response: { status: 200, description: 'The file' },
    handle: async ({ params, res }) => {
      const file = await projects.openFile(params.id, params.name);
      res.status(200).type(file.contentType).set('Content-Length', String(file.size));
      res.set('Cache-Control', 'private, max-age=3600');
      file.stream.pipe(res);
      return STREAMED;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/projects/:id/imports',
    summary: '入力ファイルを取り込む（バックグラウンド） / Import an input file (background job)',
    tags: ['projects'],
    access: staff,
    upload: true,
    params: ProjectParams,
    query: ImportQuery,
    response: { status: 202, description: 'Import started', schema: Json },
    handle: ({ params, query, req }) =>
      imports.start(params.id, query.format, query.name, uploadBody(req, config.uploadLimitBytes)),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/projects/:id/imports',
    summary: '取り込み履歴 / Imports of a project',
    tags: ['projects'],
    access: staff,
    params: ProjectParams,
    response: { status: 200, description: 'Imports', schema: z.array(Json) },
    handle: ({ params }) => imports.list(params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/projects/:id/imports/:item',
    summary: '取り込み結果（不正な行の一覧を含む） / An import and every bad row',
    tags: ['projects'],
    access: staff,
    params: ProjectItemParams,
    response: { status: 200, description: 'The import', schema: Json },
    handle: ({ params }) => imports.get(params.id, params.item),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/projects/:id/exports',
    summary: '納品ファイルを作成（バックグラウンド） / Build a deliverable (background job)',
    tags: ['projects'],
    access: staff,
    params: ProjectParams,
    body: ExportBody,
    response: { status: 202, description: 'Export started', schema: Json },
    handle: ({ params, body }) => exports.start(params.id, body.format),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/projects/:id/exports',
    summary: '納品ファイル一覧 / Deliverables of a project',
    tags: ['projects'],
    access: staff,
    params: ProjectParams,
    response: { status: 200, description: 'Exports', schema: z.array(Json) },
    handle: ({ params }) => exports.list(params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/projects/:id/exports/:item',
    summary: '納品ファイルの作成状況 / A deliverable and its state',
    tags: ['projects'],
    access: staff,
    params: ProjectItemParams,
    response: { status: 200, description: 'The export', schema: Json },
    handle: ({ params }) => exports.get(params.id, params.item),
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/orders/:id/deliverables',
    summary: '受注の納品ファイル（発注者は自社分のみ） / An order’s deliverables (a client: its own only)',
    tags: ['orders'],
    access: staffAndClients,
    params: ProjectParams,
    response: { status: 200, description: 'Finished deliverables', schema: z.array(Json) },
    handle: async ({ params }) => {
      await orders.get(params.id); // 404 unless the caller may see the order
      const [project] = await projects.list({ orderId: params.id });
      return project ? exports.list(project.id, { doneOnly: true }) : [];
    },
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/orders/:id/progress',
    summary:
      '受注の進捗と品質（発注者は自社分のみ） / An order’s progress and quality (a client: its own only)',
    tags: ['orders'],
    access: staffAndClients,
    params: ProjectParams,
    response: {
      status: 200,
      description: 'Progress, or null before the order is accepted',
      schema: Json.nullable(),
    },
    handle: async ({ params }) => {
      const order = await orders.get(params.id); // 404 unless the caller may see the order
      const [project] = await projects.list({ orderId: order.id });
      if (!project) return { progress: null, measuredQuality: null, qualityTarget: order.qualityTarget };
      const { progress, measuredQuality } = await projects.get(project.id);
      return { progress, measuredQuality, qualityTarget: order.qualityTarget };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/t/:tenant/deliverables/:id',
    summary: '納品ファイルをダウンロード / Download a deliverable',
    tags: ['orders'],
    access: staffAndClients,
    params: ProjectParams,
    response: { status: 200, description: 'The file' },
    handle: async ({ params, res }) => {
      const found = await exports.find(params.id);
      await orders.get(found.orderId); // a client sees only its own company's deliverables
      if (found.status !== 'done') throw notFound('納品ファイル', 'Deliverable');
      res.status(200).type(found.contentType);
      if (found.size !== null) res.set('Content-Length', String(found.size));
      res.attachment(found.fileName);
      exports.open(found.storageKey).pipe(res);
      return STREAMED;
    },
  }),
];
