import { createRequire } from 'node:module';
import cookieParser from 'cookie-parser';
import express, { type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import type { Container } from 'inversify';
import { Database } from '../db/database.js';
import { runInTenantScope } from '../db/request-context.js';
import { jobsRoutes } from '../jobs/jobs.routes.js';
import { JobInputError, type JobQueue } from '../jobs/queue.js';
import type { Config } from '../kernel/config.js';
import { Lifecycle } from '../kernel/lifecycle.js';
import type { Logger } from '../kernel/logger.js';
import { PROBLEM_TYPES, Problem, type ProblemType, problemTypeUri } from '../kernel/problems.js';
import { TOKENS } from '../kernel/tokens.js';
import { useBilingualZodMessages } from '../kernel/zod-messages.js';
import { auditRoutes } from '../modules/audit/audit.routes.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { clientsRoutes } from '../modules/clients/clients.routes.js';
import { ClientsService } from '../modules/clients/clients.service.js';
import { apiTokensRoutes } from '../modules/identity/api-tokens.routes.js';
import { ApiTokensService } from '../modules/identity/api-tokens.service.js';
import { invitationsRoutes } from '../modules/identity/invitations.routes.js';
import { InvitationsService } from '../modules/identity/invitations.service.js';
import { membersRoutes } from '../modules/identity/members.routes.js';
import { MembershipsService } from '../modules/identity/memberships.service.js';
import { sessionRoutes } from '../modules/identity/session.routes.js';
import { SessionsService } from '../modules/identity/sessions.service.js';
import { SignInService } from '../modules/identity/sign-in.service.js';
import { UsersService } from '../modules/identity/users.service.js';
import { MODULES } from '../modules/index.js';
import { ordersRoutes } from '../modules/orders/orders.routes.js';
import { OrdersService } from '../modules/orders/orders.service.js';
import { pluginsRoutes } from '../modules/plugins/plugins.routes.js';
import { PluginsService } from '../modules/plugins/plugins.service.js';
import { ClaimsService } from '../modules/projects/claims.service.js';
import { ExportsService } from '../modules/projects/exports.service.js';
import { ImportsService } from '../modules/projects/imports.service.js';
import { projectsRoutes } from '../modules/projects/projects.routes.js';
import { ProjectsService } from '../modules/projects/projects.service.js';
import { SkillsService } from '../modules/projects/skills.service.js';
import { tasksRoutes } from '../modules/projects/tasks.routes.js';
import { TasksService } from '../modules/projects/tasks.service.js';
import { tenantsRoutes } from '../modules/tenants/tenants.routes.js';
import { TenantsService } from '../modules/tenants/tenants.service.js';
import { workspacesRoutes } from '../modules/workspaces/workspaces.routes.js';
import { WorkspacesService } from '../modules/workspaces/workspaces.service.js';
import { Metrics } from '../observability/metrics.js';
import { metricsListener } from '../observability/metrics-server.js';
import { noteTenant, routeTemplate } from '../observability/request-info.js';
import { observeRequests } from '../observability/request-observer.js';
import { Tracing } from '../observability/tracing.js';
import { RealtimeGateway } from '../realtime/realtime.gateway.js';
import { Authenticator } from './authenticate.js';
import { docsPage, swaggerAssetsDir } from './docs-page.js';
import { IdempotencyService } from './idempotency.js';
import { buildOpenApi } from './openapi.js';
import { type RouteDef, STREAMED } from './route.js';
import { systemRoutes } from './system.routes.js';
import { parseOrThrow } from './validation.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export function collectRoutes(c: Container): RouteDef[] {
  const config = c.get<Config>(TOKENS.Config);
  const jobs = c.get<JobQueue>(TOKENS.JobQueue);
  const users = c.get(UsersService);
  return [
    ...systemRoutes(c.get(Database), config, c.get(Lifecycle)),
    ...sessionRoutes({ config, signIn: c.get(SignInService), sessions: c.get(SessionsService), users }),
    ...membersRoutes(c.get(MembershipsService)),
    ...invitationsRoutes({ config, invitations: c.get(InvitationsService), users, jobs }),
    ...apiTokensRoutes(c.get(ApiTokensService)),
    ...tenantsRoutes(c.get(TenantsService)),
    ...workspacesRoutes(c.get(WorkspacesService)),
    ...pluginsRoutes(c.get(PluginsService)),
    ...clientsRoutes(c.get(ClientsService)),
    ...ordersRoutes(c.get(OrdersService)),
    ...projectsRoutes({
      config,
      projects: c.get(ProjectsService),
      imports: c.get(ImportsService),
      exports: c.get(ExportsService),
      orders: c.get(OrdersService),
    }),
    ...tasksRoutes(c.get(ClaimsService), c.get(TasksService), c.get(SkillsService)),
    ...auditRoutes(c.get(AuditService)),
    ...MODULES.flatMap((m) => m.routes(c)),
    ...jobsRoutes(jobs),
  ];
}

function handlerFor(
  def: RouteDef,
  auth: Authenticator,
  realtime: RealtimeGateway,
  idempotency: IdempotencyService,
): RequestHandler {
  return async (req, res) => {
    const creds = await auth.credentials(req);
    const { user, scope } = await auth.authorize(req, def.access, creds);
    if (scope) noteTenant(req, scope.tenant.slug);
    const params = parseOrThrow(def.params as never, req.params, 'params');
    const query = parseOrThrow(def.query as never, req.query, 'query');
    const body = def.body ? parseOrThrow(def.body as never, req.body, 'body') : undefined;
    if (
      !def.body &&
      !def.upload &&
      req.body !== undefined &&
      Object.keys(req.body).length > 0 &&
      req.method !== 'GET'
    ) {
      throw new Problem(
        'validation-failed',
        'この操作は本文を受け付けません / This operation takes no body',
        {
          errors: [{ pointer: '/body', code: 'unexpected_body', detail: 'No body expected' }],
        },
      );
    }
    const input = { params, query, body, user, scope, req, res };
    const handle =
      def.idempotent && scope
        ? () => idempotency.handle(req, res, def, params, () => def.handle(input))
        : () => def.handle(input);
    const result = await (scope ? runInTenantScope(scope, handle) : handle());
    // The handler has returned, so its transactions have committed: now tell the tenant's open pages.
    for (const event of scope?.announcements ?? []) realtime.emitToTenant(scope!.tenant.id, 'audit', event);
    if (result === STREAMED) return;
    if (result === undefined) res.status(204).end();
    else res.status(def.response.status).json(result);
  };
}

/** Maps body-parser and unknown errors to problems; logs what is not the client's fault. */
function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let problem: Problem;
    if (err instanceof Problem) problem = err;
    else if (err?.type === 'entity.too.large')
      problem = new Problem(
        'payload-too-large',
        `上限は ${err.limit} バイトです / The limit is ${err.limit} bytes`,
      );
    else if (err?.type === 'entity.parse.failed')
      problem = new Problem('malformed-body', String(err.message));
    else if (err instanceof JobInputError) problem = new Problem('unprocessable', err.message);
    else if (err?.type === 'encoding.unsupported' || err?.type === 'charset.unsupported')
      problem = new Problem('unsupported-media-type');
    else {
      logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
      problem = new Problem('internal');
    }
    if (problem.extensions.retryAfterSeconds)
      res.set('Retry-After', String(problem.extensions.retryAfterSeconds));
    res.status(problem.status).type('application/problem+json').json(problem.toBody(req.originalUrl));
  };
}

/** The HTTP application: API under /api, the docs, and (in production) the web app. */
export function createApp(container: Container, options: { uiHandler?: RequestHandler } = {}) {
  useBilingualZodMessages();
  const config = container.get<Config>(TOKENS.Config);
  const logger = container.get<Logger>(TOKENS.Logger);
  const auth = container.get(Authenticator);
  const routes = collectRoutes(container);
  const openapi = buildOpenApi(routes, version);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const metrics = container.get(Metrics);
  app.use(observeRequests(logger, metrics, container.get(Tracing)));
  const lifecycle = container.get(Lifecycle);
  app.use((_req, res, next) => {
    if (lifecycle.draining) res.set('connection', 'close');
    next();
  });

  const api = express.Router();
  // Per route, not for the whole API: an upload route streams its body (a COCO file is JSON too).
  const json = express.json({ limit: config.bodyLimit, strict: true });
  api.use(cookieParser());
  const requireJson: RequestHandler = (req: Request, _res, next) => {
    const type = req.get('content-type');
    if (
      req.method !== 'GET' &&
      req.method !== 'DELETE' &&
      Number(req.get('content-length') ?? 0) > 0 &&
      !req.is('application/json')
    ) {
      next(new Problem('unsupported-media-type', `Content-Type: ${type}`));
    } else next();
  };
  const limitUpload: RequestHandler = (req, _res, next) => {
    const length = Number(req.get('content-length') ?? 0);
    if (length > config.uploadLimitBytes)
      next(
        new Problem(
          'payload-too-large',
          `上限は ${config.uploadLimitBytes} バイトです / The limit is ${config.uploadLimitBytes} bytes`,
        ),
      );
    else next();
  };
  const realtime = container.get(RealtimeGateway);
  const idempotency = container.get(IdempotencyService);
  for (const def of routes)
    api[def.method](
      def.path,
      routeTemplate(def.path),
      ...(def.upload ? [limitUpload] : [json, requireJson]),
      handlerFor(def, auth, realtime, idempotency),
    );
  api.use(json, requireJson);
  api.get('/openapi.json', routeTemplate('/openapi.json'), (_req, res) => void res.json(openapi));
  api.get('/docs', routeTemplate('/docs'), (_req, res) => void res.type('html').send(docsPage()));
  // Inline scripts would need a CSP exception; the initialiser is a tiny file of its own.
  api.get(
    '/docs/assets/docs-init.js',
    routeTemplate('/docs/assets/docs-init.js'),
    (_req, res) =>
      void res
        .type('js')
        .send("window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui' });"),
  );
  api.use('/docs/assets', routeTemplate('/docs/assets'), express.static(swaggerAssetsDir));
  api.get('/problems/:type', routeTemplate('/problems/:type'), (req, res) => {
    const type = req.params.type as ProblemType;
    if (!(type in PROBLEM_TYPES)) throw new Problem('not-found');
    res.json({ type: problemTypeUri(type), ...PROBLEM_TYPES[type] });
  });
  api.use((req, _res, next) => next(new Problem('not-found', `${req.method} ${req.originalUrl}`)));
  api.use(problemHandler(logger));

  // With METRICS_PORT the scrape is served on that port only (observability/metrics-server.ts).
  if (config.metricsPort === undefined) {
    const scrape = metricsListener(metrics, logger);
    app.get('/metrics', routeTemplate('/metrics'), (req, res) => scrape(req, res));
  }
  app.use('/api', api);
  if (options.uiHandler) app.use(routeTemplate('ui'), options.uiHandler);
  return { app, routes, openapi };
}
