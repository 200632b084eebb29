import type { Express } from 'express';
import type { Container } from 'inversify';
import request from 'supertest';
import { afterAll } from 'vitest';
import type { Database } from '../../src/db/database.js';
import type { Role } from '../../src/db/schema.js';
import { createApp } from '../../src/http/app.js';
import { registerJobHandlers } from '../../src/jobs/handlers.js';
import type { JobQueue } from '../../src/jobs/queue.js';
import { loadConfig } from '../../src/kernel/config.js';
import { createContainer } from '../../src/kernel/container.js';
import { createLogger, type Logger } from '../../src/kernel/logger.js';
import { TOKENS } from '../../src/kernel/tokens.js';
import { MembershipsService } from '../../src/modules/identity/memberships.service.js';
import { hashPassword } from '../../src/modules/identity/secrets.js';
import { UsersService } from '../../src/modules/identity/users.service.js';
import {
  type TenantDefinition,
  TenantDefinitionsService,
} from '../../src/modules/tenants/tenant-definitions.service.js';
import { freshDatabase } from './test-database.js';

export const PASSWORD = 'correct horse battery';

export interface TestApp {
  app: Express;
  db: Database;
  container: Container;
  /** Tenant ids by slug. */
  tenants: Record<string, string>;
  signIn(email: string, password?: string): Promise<Client>;
  anonymous(): Client;
  addUser(slug: string, role: Role, email?: string): Promise<{ email: string; userId: string }>;
}

/** A signed-in (or anonymous) HTTP client that sends the CSRF token on writes, as the web app does. */
export interface Client {
  csrf: string | null;
  get(url: string): request.Test;
  post(url: string, body?: object): request.Test;
  patch(url: string, body?: object): request.Test;
  put(url: string, body?: object): request.Test;
  delete(url: string): request.Test;
}

function client(agent: ReturnType<typeof request.agent>, csrf: string | null): Client {
  const withCsrf = (t: request.Test) => (csrf ? t.set('x-csrf-token', csrf) : t);
  return {
    csrf,
    get: (url) => agent.get(url),
    post: (url, body) => (body ? withCsrf(agent.post(url)).send(body) : withCsrf(agent.post(url))),
    patch: (url, body) => withCsrf(agent.patch(url)).send(body ?? {}),
    put: (url, body) => (body ? withCsrf(agent.put(url)).send(body) : withCsrf(agent.put(url))),
    delete: (url) => withCsrf(agent.delete(url)),
  };
}

export const definition = (
  slug: string,
  kind: TenantDefinition['kind'] = 'municipality',
): TenantDefinition => ({
  slug,
  name: { ja: `${slug} センター`, en: `${slug} centre` },
  kind,
  prefecture: '長野県',
  localGovernmentCode: '202151',
  fiscalYearStartMonth: 4,
  timeZone: 'Asia/Tokyo',
  status: 'active',
  demoWorkers: 0,
  workspaces: [
    {
      name: `${slug} コワーキング`,
      kind: 'coworking',
      address: '長野県',
      seats: 10,
      openingHours: [],
      childcare: false,
    },
  ],
});

let sharedHash: Promise<string> | undefined;

/**
 * A hub ("hub") and two municipalities ("alpha", "beta"), each with an admin, a director, a worker and a
 * client: `<role>@<slug>.test`, all with PASSWORD.
 */
export async function seedTestTenants(container: Container, db: Database) {
  const tenants: Record<string, string> = {};
  for (const [slug, kind] of [
    ['hub', 'hub'],
    ['alpha', 'municipality'],
    ['beta', 'municipality'],
  ] as const) {
    await container.get(TenantDefinitionsService).apply(definition(slug, kind));
    tenants[slug] = (
      await db.asApp({}, (tx) =>
        tx.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow(),
      )
    ).id;
  }
  sharedHash ??= hashPassword(PASSWORD);
  const passwordHash = await sharedHash;

  const addUser = async (slug: string, role: Role, email = `${role}@${slug}.test`) => {
    const tenantId = tenants[slug];
    if (!tenantId) throw new Error(`no tenant ${slug}`);
    const userId = await db.withTenant(tenantId, async (tx) => {
      const users = container.get(UsersService);
      const user =
        (await users.findByEmail(tx, email)) ??
        (await users.create(tx, { email, displayName: `${role} of ${slug}`, passwordHash }));
      await container.get(MembershipsService).grant(tx, user.id, role);
      return user.id;
    });
    return { email, userId };
  };
  await addUser('hub', 'hub_admin');
  for (const slug of ['alpha', 'beta']) {
    for (const role of ['tenant_admin', 'director', 'worker', 'client'] as const) await addUser(slug, role);
  }

  return { tenants, addUser };
}

/**
 * Boots the real app on a fresh database with a hub ("hub") and two municipalities ("alpha", "beta"),
 * each with an admin, a director, a worker and a client: `<role>@<slug>.test`.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: {
    jobs?: boolean /** false: no test centres (a test that seeds the demo network instead). */;
    tenants?: boolean;
    /** Instead of a logger at LOG_LEVEL to stdout (a test reading the log lines). */
    logger?: Logger;
  } = {},
): Promise<TestApp> {
  const { db, drop } = await freshDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SIGNIN_DELAY_MS: '1',
    KADO_DEMO: 'false',
    ...env,
  });
  const container = createContainer(config, options.logger ?? createLogger(config), db);
  const { app } = createApp(container);
  afterAll(async () => {
    await container.get<JobQueue>(TOKENS.JobQueue).stop();
    await drop();
  });

  const { tenants, addUser } =
    options.tenants === false
      ? { tenants: {}, addUser: () => Promise.reject(new Error('no test centres in this app')) }
      : await seedTestTenants(container, db);
  if (options.jobs) {
    // Imports and exports run as background jobs: process them in this process, as `npm start` does.
    const queue = container.get<JobQueue>(TOKENS.JobQueue);
    registerJobHandlers(queue, container);
    await queue.start({ concurrency: 2 });
  }

  return {
    app,
    db,
    container,
    tenants,
    addUser,
    anonymous: () => client(request.agent(app), null),
    async signIn(email, password = PASSWORD) {
      const agent = request.agent(app);
      const res = await agent.post('/api/auth/sign-in').send({ email, password });
      if (res.status !== 200)
        throw new Error(`sign-in of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return client(agent, res.body.csrfToken);
    },
  };
}
