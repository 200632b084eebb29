import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, type KadoProcess, startKado } from '../../core/test/support/processes.js';

/**
 * A KADO deployment on 127.0.0.1, as deploy/ describes it for many machines: web instances behind
 * HAProxy, job workers, PgBouncer (transaction pooling) in front of PostgreSQL, and a Redis of its own
 * (AOF on, fsync always, noeviction) so restarting it disturbs nothing else on the machine.
 */
export interface ClusterOptions {
  web: number;
  workers: number;
  /** `kado seed --demo`, with running demo orders when `work`. */
  seed: { work: boolean };
  /** PostgreSQL server to create the cluster's database in (as a superuser). */
  postgresUrl?: string;
}

export interface Cluster {
  /** HAProxy in front of every web instance. */
  url: string;
  /** HAProxy in front of web instance 1 only (the bench's one-instance baseline). */
  urlOfFirst: string;
  web: KadoProcess[];
  workers: KadoProcess[];
  /** Direct to PostgreSQL as the owner (for checks and for dropping connections). */
  databaseUrl: string;
  databaseName: string;
  /** Through PgBouncer, as the instances connect. */
  pooledUrl: string;
  redis: { port: number; kill(): void; start(): Promise<void> };
  restartWeb(i: number): Promise<KadoProcess>;
  restartWorker(i: number): Promise<KadoProcess>;
  /** Waits until HAProxy's health checks route to exactly the web instances that answer. */
  waitForBalancer(): Promise<void>;
  stop(): Promise<void>;
}

const POSTGRES = process.env.KADO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KADO = fileURLToPath(new URL('../../core/bin/kado.mjs', import.meta.url));

/** Debian's packages the cluster needs; installed when missing (CI starts from a fresh machine). */
export function ensureTools(): void {
  const missing = [
    ['haproxy', '/usr/sbin/haproxy'],
    ['pgbouncer', '/usr/sbin/pgbouncer'],
  ].filter(([, bin]) => !existsSync(bin!));
  if (missing.length === 0) return;
  const names = missing.map(([name]) => name!);
  console.log(`installing ${names.join(', ')} from Debian`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...names], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function daemon(bin: string, args: string[], log: string[]): ChildProcess {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => log.push(String(d)));
  child.stderr?.on('data', (d) => log.push(String(d)));
  return child;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((r) => child.once('exit', () => r()));

function haproxyConfig(port: number, portOfFirst: number, web: number[]): string {
  const servers = (list: number[]) =>
    list.map((p, i) => `  server web${i + 1} 127.0.0.1:${p} check`).join('\n');
  const backend = (name: string, list: number[]) => `backend ${name}
  balance roundrobin
  option httpchk GET /api/ready
  http-check expect status 200
  default-server inter 500ms fall 2 rise 1
${servers(list)}`;
  // Only a connection that never reached a server is retried (conn-failure, HAProxy's default): a
  // request a server may have acted on is never replayed.
  return `global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout check 2s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
  retries 3
  option redispatch
frontend all
  bind 127.0.0.1:${port}
  default_backend web
frontend first
  bind 127.0.0.1:${portOfFirst}
  default_backend web_first
${backend('web', web)}
${backend('web_first', web.slice(0, 1))}
`;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  ensureTools();
  const dir = mkdtempSync(join(tmpdir(), 'kado-cluster-'));
  chmodSync(dir, 0o777); // PgBouncer drops root and reads its files as postgres
  const logs: string[] = [];
  const children: ChildProcess[] = [];
  // A test run that dies half-way must not leave servers behind on the machine.
  const orphans = () => {
    for (const child of [...children, ...web, ...workers].map((p) => ('child' in p ? p.child : p)))
      child.kill('SIGKILL');
  };
  process.once('exit', orphans);
  const web: KadoProcess[] = [];
  const workers: KadoProcess[] = [];

  const databaseName = `kado_cluster_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: options.postgresUrl ?? POSTGRES });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  await admin.end();
  const base = new URL(options.postgresUrl ?? POSTGRES);
  const databaseUrl = `postgres://${base.username || 'postgres'}@${base.hostname}:${base.port || 5432}/${databaseName}`;

  // Redis: its own port and folder; AOF with fsync on every write, so a crash loses no acknowledged job.
  const redisPort = await freePort();
  let redisProcess: ChildProcess | undefined;
  const redis = {
    port: redisPort,
    kill() {
      redisProcess?.kill('SIGKILL');
    },
    async start() {
      redisProcess = daemon(
        'redis-server',
        [
          '--port',
          String(redisPort),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'yes',
          '--appendfsync',
          'always',
          '--maxmemory-policy',
          'noeviction',
          '--dir',
          dir,
        ],
        logs,
      );
      children.push(redisProcess);
      await waitUntil('redis', async () => {
        execFileSync('redis-cli', ['-p', String(redisPort), 'ping'], { stdio: 'ignore' });
        return true;
      });
    },
  };
  await redis.start();

  // PgBouncer in transaction pooling mode: tenant settings must be transaction-local to work through it.
  const bouncerPort = await freePort();
  writeFileSync(join(dir, 'users.txt'), `"${base.username || 'postgres'}" ""\n`);
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    `[databases]
${databaseName} = host=${base.hostname} port=${base.port || 5432} dbname=${databaseName}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${bouncerPort}
unix_socket_dir =
auth_type = trust
auth_file = ${join(dir, 'users.txt')}
pool_mode = transaction
max_client_conn = 2000
default_pool_size = 40
server_reset_query =
`,
  );
  chmodSync(join(dir, 'pgbouncer.ini'), 0o644);
  chmodSync(join(dir, 'users.txt'), 0o644);
  const bouncer = daemon('pgbouncer', ['-u', 'postgres', join(dir, 'pgbouncer.ini')], logs);
  children.push(bouncer);
  const pooledUrl = `postgres://${base.username || 'postgres'}@127.0.0.1:${bouncerPort}/${databaseName}`;
  await waitUntil('pgbouncer', async () => {
    const c = new pg.Client({ connectionString: pooledUrl });
    await c.connect();
    await c.end();
    return true;
  });

  // Migrations and the demo data once, directly as the owner, before any instance starts.
  const direct = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
  execFileSync(process.execPath, [KADO, 'migrate'], { env: direct, stdio: 'ignore' });
  execFileSync(process.execPath, [KADO, 'seed', '--demo', ...(options.seed.work ? ['--work'] : [])], {
    env: direct,
    stdio: 'ignore',
  });

  const env = {
    DATABASE_URL: pooledUrl,
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    REALTIME_STREAM: `kado:cluster:${databaseName}`,
    JOBS_IN_PROCESS: 'false',
    JOB_LEASE_SECONDS: '5',
    JOB_CONCURRENCY: '16',
    SHUTDOWN_DRAIN_SECONDS: '2',
    SHUTDOWN_TIMEOUT_SECONDS: '10',
    SIGNIN_DELAY_MS: '1',
    LOG_LEVEL: 'warn',
  };
  const webPorts = await Promise.all(Array.from({ length: options.web }, () => freePort()));
  web.push(...(await Promise.all(webPorts.map((port) => startKado(['serve'], env, { port })))));
  workers.push(
    ...(await Promise.all(Array.from({ length: options.workers }, () => startKado(['worker'], env)))),
  );

  const lbPort = await freePort();
  const lbFirstPort = await freePort();
  writeFileSync(join(dir, 'haproxy.cfg'), haproxyConfig(lbPort, lbFirstPort, webPorts));
  const haproxy = daemon('haproxy', ['-db', '-f', join(dir, 'haproxy.cfg')], logs);
  children.push(haproxy);

  const cluster: Cluster = {
    url: `http://127.0.0.1:${lbPort}`,
    urlOfFirst: `http://127.0.0.1:${lbFirstPort}`,
    web,
    workers,
    databaseUrl,
    databaseName,
    pooledUrl,
    redis,
    async restartWeb(i) {
      await exited(web[i]!.child);
      web[i] = await startKado(['serve'], env, { port: webPorts[i]! });
      return web[i]!;
    },
    async restartWorker(i) {
      await exited(workers[i]!.child);
      workers[i] = await startKado(['worker'], env);
      return workers[i]!;
    },
    async waitForBalancer() {
      // Every web instance up, and HAProxy answering through them all.
      await waitUntil('the load balancer', async () => {
        for (let i = 0; i < web.length * 2; i++) {
          const res = await fetch(`${cluster.url}/api/ready`);
          if (!res.ok) return false;
        }
        return true;
      });
    },
    async stop() {
      process.removeListener('exit', orphans);
      await Promise.all([...web, ...workers].map((p) => p.stop()));
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(children.map(exited));
      const c = new pg.Client({ connectionString: options.postgresUrl ?? POSTGRES });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.waitForBalancer().catch((err) => {
    throw new Error(`${err.message}\n${logs.join('')}`);
  });
  return cluster;
}
