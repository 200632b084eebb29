import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/kernel/config.js';
import { createContainer } from '../../src/kernel/container.js';
import { createLogger } from '../../src/kernel/logger.js';
import type { AuditEvent, JoinAck } from '../../src/realtime/events.js';
import { type KadoProcess, startKado } from '../support/processes.js';
import { PASSWORD, seedTestTenants } from '../support/test-app.js';
import { freshPostgresDatabase } from '../support/test-database.js';

/**
 * Two server processes sharing PostgreSQL and Redis: an event caused through process 2 reaches a browser
 * connected to process 1, and never a browser of another tenant, even one that asks to join the room.
 */
let one: KadoProcess;
let two: KadoProcess;
const sockets: Socket[] = [];
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await freshPostgresDatabase();
  drop = database.drop;
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  await seedTestTenants(createContainer(config, createLogger(config), database.db), database.db);
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REALTIME_STREAM: `kado:test:${randomBytes(4).toString('hex')}`,
  };
  [one, two] = await Promise.all([startKado(['start'], env), startKado(['start'], env)]);
}, 90_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all([one?.stop(), two?.stop()]);
  await drop?.();
});

async function signIn(base: string, email: string) {
  const res = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

async function connect(base: string, cookie: string): Promise<Socket> {
  const socket = io(base, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

const join = (socket: Socket, request: object) =>
  socket.timeout(5000).emitWithAck('join', request) as Promise<JoinAck>;

describe('realtime across processes', () => {
  it('refuses a handshake without a session', async () => {
    const socket = io(one.url, { transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toBe('unauthenticated');
  });

  it('delivers tenant A’s event from process 2 to A’s browser on process 1, and never to tenant B', async () => {
    const alpha = await signIn(one.url, 'tenant_admin@alpha.test');
    const beta = await signIn(one.url, 'tenant_admin@beta.test');
    const alphaSocket = await connect(one.url, alpha.cookie);
    const betaSocket = await connect(one.url, beta.cookie);

    expect(await join(alphaSocket, { tenant: 'alpha' })).toMatchObject({ ok: true });
    expect(await join(betaSocket, { tenant: 'beta' })).toMatchObject({ ok: true });
    // B asks for A's rooms, by slug and by project: the same 404 the API gives.
    expect(await join(betaSocket, { tenant: 'alpha' })).toEqual({ ok: false, status: 404 });
    expect(
      await join(betaSocket, { tenant: 'alpha', project: '00000000-0000-4000-8000-000000000000' }),
    ).toEqual({ ok: false, status: 404 });
    expect(await join(betaSocket, { tenant: 'nowhere' })).toEqual({ ok: false, status: 404 });

    const seenByAlpha: AuditEvent[] = [];
    const seenByBeta: AuditEvent[] = [];
    alphaSocket.on('audit', (e: AuditEvent) => seenByAlpha.push(e));
    betaSocket.on('audit', (e: AuditEvent) => seenByBeta.push(e));

    // The change goes through process 2.
    const viaTwo = await signIn(two.url, 'tenant_admin@alpha.test');
    const created = await fetch(`${two.url}/api/t/alpha/workspaces`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: viaTwo.cookie,
        'x-csrf-token': viaTwo.csrfToken,
      },
      body: JSON.stringify({ name: 'リアルタイム', kind: 'home' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    await expect.poll(() => seenByAlpha.map((e) => e.entityId), { timeout: 10_000 }).toContain(id);
    expect(seenByAlpha.find((e) => e.entityId === id)).toMatchObject({
      tenant: 'alpha',
      action: 'workspace.created',
      entityType: 'workspace',
    });
    await new Promise((r) => setTimeout(r, 1000)); // give a leak the time to show
    expect(seenByBeta).toEqual([]);
  });
});
