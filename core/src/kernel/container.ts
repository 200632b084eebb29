import 'reflect-metadata';
import { Container } from 'inversify';
import { Database } from '../db/database.js';
import { Authenticator } from '../http/authenticate.js';
import { IdempotencyService } from '../http/idempotency.js';
import { createJobQueue } from '../jobs/create-queue.js';
import type { JobQueue } from '../jobs/queue.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { ClientsService } from '../modules/clients/clients.service.js';
import { ApiTokensService } from '../modules/identity/api-tokens.service.js';
import { InvitationsService } from '../modules/identity/invitations.service.js';
import { MembershipsService } from '../modules/identity/memberships.service.js';
import { SessionsService } from '../modules/identity/sessions.service.js';
import { SignInService } from '../modules/identity/sign-in.service.js';
import { UsersService } from '../modules/identity/users.service.js';
import { MODULES } from '../modules/index.js';
import { OutboxService } from '../modules/mail/outbox.service.js';
import { OrdersService } from '../modules/orders/orders.service.js';
import { PluginsService } from '../modules/plugins/plugins.service.js';
import { ClaimsService } from '../modules/projects/claims.service.js';
import { ExportsService } from '../modules/projects/exports.service.js';
import { ImportsService } from '../modules/projects/imports.service.js';
import { ProjectsService } from '../modules/projects/projects.service.js';
import { SkillsService } from '../modules/projects/skills.service.js';
import { TasksService } from '../modules/projects/tasks.service.js';
import { TenantDefinitionsService } from '../modules/tenants/tenant-definitions.service.js';
import { TenantsService } from '../modules/tenants/tenants.service.js';
import { WorkspacesService } from '../modules/workspaces/workspaces.service.js';
import { instrumentJobs } from '../observability/job-instrument.js';
import { Metrics } from '../observability/metrics.js';
import { Tracing } from '../observability/tracing.js';
import { RealtimeGateway } from '../realtime/realtime.gateway.js';
import { FilesystemStorage } from '../storage/file-storage.js';
import type { Config } from './config.js';
import { Lifecycle } from './lifecycle.js';
import type { Logger } from './logger.js';
import { TOKENS } from './tokens.js';

const SERVICES = [
  AuditService,
  OutboxService,
  UsersService,
  SessionsService,
  SignInService,
  MembershipsService,
  InvitationsService,
  ApiTokensService,
  TenantsService,
  TenantDefinitionsService,
  WorkspacesService,
  PluginsService,
  ClientsService,
  OrdersService,
  ProjectsService,
  ImportsService,
  ExportsService,
  ClaimsService,
  TasksService,
  SkillsService,
  IdempotencyService,
  Authenticator,
  RealtimeGateway,
  Lifecycle,
];

/** Wires the process: configuration, logger and database in; every service a singleton. */
export function createContainer(config: Config, logger: Logger, db: Database): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.Config).toConstantValue(config);
  container.bind(TOKENS.Logger).toConstantValue(logger);
  container.bind(Database).toConstantValue(db);
  for (const service of [...SERVICES, ...MODULES.flatMap((m) => m.services)])
    container.bind(service).toSelf();
  container.bind(Tracing).toConstantValue(new Tracing(config.otel, logger));
  container
    .bind(Metrics)
    .toDynamicValue(() => new Metrics({ db, logger, jobs: () => container.get<JobQueue>(TOKENS.JobQueue) }));
  // Made on first use: a CLI command that never touches jobs opens no Redis connection.
  container.bind(TOKENS.JobQueue).toDynamicValue(() =>
    createJobQueue(config, db, logger, {
      instrument: instrumentJobs(container.get(Metrics), container.get(Tracing)),
    }),
  );
  container.bind(TOKENS.FileStorage).toConstantValue(new FilesystemStorage(config.filesDir));
  return container;
}
