import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDatabase } from '../db/connect.js';
import { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { runInTenantScope } from '../db/request-context.js';
import { startWorker } from '../jobs/worker.js';
import { ConfigError, loadConfig } from '../kernel/config.js';
import { createContainer } from '../kernel/container.js';
import { createLogger } from '../kernel/logger.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { DisplayName, Email, Password } from '../modules/identity/identity.schemas.js';
import { MembershipsService } from '../modules/identity/memberships.service.js';
import { UsersService } from '../modules/identity/users.service.js';
import { DEMO_PASSWORD, seedDemo } from '../modules/tenants/demo-seed.js';
import {
  DefinitionError,
  readTenantDefinitions,
  TenantDefinitionsService,
} from '../modules/tenants/tenant-definitions.service.js';
import { TenantsService } from '../modules/tenants/tenants.service.js';
import { startServer, TENANTS_DIR } from '../server.js';

const USAGE = `kado <command>
  start | serve                 serve API and web app (migrates first)
  worker                        process background jobs until SIGTERM/SIGINT (migrates first)
  migrate                       apply pending database migrations
  seed --demo [--work]          apply tenants/ and create demo people (--work: and running demo orders)
  tenants apply <dir>           create or update tenants from <dir>/<slug>/tenant.json
  users create-admin --tenant <slug> --email <e> --name <n> [--password <p>]
                                create (or promote) a tenant admin; hub_admin on the hub`;

async function withContainer<T>(fn: (c: ReturnType<typeof createContainer>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger({ logLevel: 'warn' });
  const db = connectDatabase(config.database);
  try {
    await migrate(db);
    return await fn(createContainer(config, logger, db));
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' },
      work: { type: 'boolean' },
      tenant: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, arg] = positionals;

  if (command === 'start' || command === 'serve' || command === 'worker') {
    const config = loadConfig();
    const { stop } = command === 'worker' ? await startWorker(config) : await startServer(config);
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => {
        // Past its own timeouts the process exits anyway: an orchestrator would kill it soon after.
        setTimeout(
          () => process.exit(1),
          config.shutdown.drainMs + 2 * config.shutdown.timeoutMs + 5000,
        ).unref();
        stop().then(
          () => process.exit(0),
          (err) => {
            console.error(err);
            process.exit(1);
          },
        );
      });
    return -1; // keep running
  }
  if (command === 'migrate') {
    const config = loadConfig();
    const db = connectDatabase(config.database);
    try {
      const applied = await migrate(db);
      console.log(applied.length ? `適用 / applied: ${applied.join(', ')}` : '最新です / already up to date');
    } finally {
      await db.close();
    }
    return 0;
  }
  if (command === 'seed' && values.demo) {
    const { reports, signIns } = await withContainer((c) =>
      seedDemo(c, TENANTS_DIR, { work: values.work === true }),
    );
    for (const r of reports) console.log(`${r.slug}: ${r.tenant}`);
    console.log(`demo password: ${DEMO_PASSWORD}`);
    for (const s of signIns) console.log(`  ${s.tenant.padEnd(12)} ${s.role.padEnd(13)} ${s.email}`);
    return 0;
  }
  if (command === 'tenants' && sub === 'apply' && arg) {
    const definitions = readTenantDefinitions(resolve(arg));
    await withContainer(async (c) => {
      for (const d of definitions) {
        const r = await c.get(TenantDefinitionsService).apply(d);
        const ws = r.workspaces.filter((w) => w.change !== 'unchanged').map((w) => `${w.name} ${w.change}`);
        const agreement =
          r.partnership && r.partnership !== 'unchanged' ? `; partnership: ${r.partnership}` : '';
        console.log(`${r.slug}: ${r.tenant}${ws.length ? `; workspaces: ${ws.join(', ')}` : ''}${agreement}`);
      }
    });
    return 0;
  }
  if (command === 'users' && sub === 'create-admin') {
    const email = Email.parse(values.email);
    const name = DisplayName.parse(values.name ?? values.email);
    const password = Password.parse(values.password ?? process.env.KADO_ADMIN_PASSWORD);
    await withContainer(async (c) => {
      const tenant = await c.get(TenantsService).findBySlug(String(values.tenant));
      if (!tenant) throw new DefinitionError(`no tenant "${values.tenant}"`);
      const role = tenant.kind === 'hub' ? 'hub_admin' : 'tenant_admin';
      const users = c.get(UsersService);
      await runInTenantScope({ tenant, role: null, actor: { userId: null, tokenId: null } }, () =>
        c.get(Database).withTenant(tenant.id, async (tx) => {
          const user =
            (await users.findByEmail(tx, email)) ??
            (await users.create(tx, { email, displayName: name, password }));
          const membership = await c.get(MembershipsService).grant(tx, user.id, role);
          await c.get(AuditService).record(tx, {
            action: 'membership.granted',
            entityType: 'membership',
            entityId: membership.id,
            data: { email, role, source: 'cli' },
          });
        }),
      );
      console.log(`${email} is ${role} of ${tenant.slug}`);
    });
    return 0;
  }
  console.log(USAGE);
  return values.help ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error) => {
    if (error instanceof ConfigError || error instanceof DefinitionError) console.error(error.message);
    else if (error?.name === 'ZodError')
      console.error(error.issues.map((i: { message: string }) => i.message).join('\n'));
    else console.error(error);
    process.exit(1);
  },
);
