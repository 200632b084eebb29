import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { RequestHandler } from 'express';
import { connectDatabase } from './db/connect.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { createApp } from './http/app.js';
import { registerJobHandlers } from './jobs/handlers.js';
import type { JobQueue } from './jobs/queue.js';
import type { Config } from './kernel/config.js';
import { createContainer } from './kernel/container.js';
import { Lifecycle, within } from './kernel/lifecycle.js';
import { createLogger } from './kernel/logger.js';
import { TOKENS } from './kernel/tokens.js';
import { OutboxService } from './modules/mail/outbox.service.js';
import { PluginsService } from './modules/plugins/plugins.service.js';
import { DEMO_PASSWORD, seedDemo } from './modules/tenants/demo-seed.js';
import { startObservability } from './observability/start-observability.js';
import { RealtimeGateway } from './realtime/realtime.gateway.js';

export const TENANTS_DIR = fileURLToPath(new URL('../../tenants/', import.meta.url));

/** The SvelteKit handler, when the web app has been built (`npm start` builds it first). */
async function loadUiHandler(): Promise<RequestHandler | undefined> {
  try {
    const mod = (await import('@kado/ui/handler' as string)) as { handler: RequestHandler };
    return mod.handler;
  } catch {
    return undefined;
  }
}

/** One process: migrate, seed demo data on an empty database, serve API and UI, deliver mail. */
export async function startServer(
  config: Config,
): Promise<{ server: Server; db: Database; stop: () => Promise<void> }> {
  const logger = createLogger(config);
  const db = connectDatabase(config.database, logger, config.dbPoolSize);
  const applied = await migrate(db);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const container = createContainer(config, logger, db);
  const observability = await startObservability(container);

  const empty =
    (await db.asApp({}, (tx) => tx.selectFrom('tenants').select('id').limit(1).execute())).length === 0;
  const quiet = config.logLevel === 'silent';
  if (config.demo && empty) {
    const { signIns } = await seedDemo(container, TENANTS_DIR, { work: config.demoWork });
    logger.info({ centres: signIns.length }, 'demo data seeded');
    // For the person at the terminal, not for log processing: a plain table.
    if (!quiet) console.log(`\nデモ用サインイン / Demo sign-ins — password: ${DEMO_PASSWORD}`);
    if (!quiet)
      for (const s of signIns) console.log(`  ${s.tenant.padEnd(12)} ${s.role.padEnd(13)} ${s.email}`);
  } else if (config.demo && !quiet) {
    console.log(
      `デモ / Demo: admin@shiojiri.kado.example (hub), admin@matsumoto.kado.example — password: ${DEMO_PASSWORD}`,
    );
  }

  // Load work-type plugins now, so a refused one is logged at boot rather than on first use.
  await container.get(PluginsService).host.ready();

  const uiHandler = await loadUiHandler();
  if (!uiHandler) logger.warn('web app not built: serving the API only (run `npm run build -w @kado/ui`)');
  const { app } = createApp(container, uiHandler ? { uiHandler } : {});
  const outbox = container.get(OutboxService);
  const mailTimer = setInterval(
    () => void outbox.deliverPending().catch((err) => logger.error({ err }, 'outbox')),
    5_000,
  );

  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
  });
  const realtime = container.get(RealtimeGateway);
  realtime.start(server);

  // `npm start` processes jobs in-process; `kado worker` can take that over in a deployment. Either way,
  // job events reach the tenant's pages (BullMQ reports other processes' jobs here too).
  const jobs = container.get<JobQueue>(TOKENS.JobQueue);
  jobs.onEvent((e) =>
    realtime.emitToTenant(e.tenantId, 'job', {
      id: e.id,
      name: e.name,
      state: e.state,
      progress: e.progress,
    }),
  );
  registerJobHandlers(jobs, container);
  if (config.jobs.inProcess) await jobs.start({ concurrency: config.jobs.concurrency });
  logger.info(`KADO Platform: ${config.publicUrl} (database: ${db.kind})`);
  const lifecycle = container.get(Lifecycle);
  return {
    server,
    db,
    /**
     * Graceful shutdown (SIGTERM): readiness fails at once, new connections are refused after the drain
     * delay, in-flight requests finish (up to the shutdown timeout), sockets are told to reconnect
     * elsewhere, running jobs finish (or, past the timeout, are left to be re-run from the queue), pools close.
     */
    stop: async () => {
      const { drainMs, timeoutMs } = config.shutdown;
      lifecycle.drain();
      clearInterval(mailTimer);
      if (drainMs > 0) await sleep(drainMs);
      const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
      await realtime.stop(); // disconnects sockets and closes the listener
      if (server.listening) server.close();
      server.closeIdleConnections();
      if (!(await within(timeoutMs, closed))) {
        logger.warn('shutdown timeout: closing requests still running');
        server.closeAllConnections();
      }
      if (!(await within(timeoutMs, jobs.stop())))
        logger.warn('shutdown timeout: running jobs will be re-run from the queue');
      await observability.stop();
      await db.close();
    },
  };
}
