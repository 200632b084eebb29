import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, JoinAck } from '../../src/realtime/events.js';
import { RealtimeGateway } from '../../src/realtime/realtime.gateway.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** One process, no Redis: API-token handshakes, tenant-scoped tokens, and events only after a join. */
let t: TestApp;
let base: string;
let http: ReturnType<typeof createServer>;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await startTestApp();
  http = createServer(t.app);
  t.container.get(RealtimeGateway).start(http);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await t.container.get(RealtimeGateway).stop();
});

function connect(auth: Record<string, string>): Promise<Socket> {
  const socket = io(base, { transports: ['websocket'], auth, reconnection: false });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

describe('realtime handshake with API tokens', () => {
  it('accepts a live token for its own tenant only, and refuses a revoked one', async () => {
    const admin = await t.signIn('tenant_admin@alpha.test');
    const token = (
      await admin.post('/api/t/alpha/api-tokens', { name: 'dashboard', role: 'director' }).expect(201)
    ).body;
    const socket = await connect({ token: token.secret, tenant: 'alpha' });
    expect((await socket.emitWithAck('join', { tenant: 'alpha' })) as JoinAck).toMatchObject({ ok: true });
    expect((await socket.emitWithAck('join', { tenant: 'beta' })) as JoinAck).toEqual({
      ok: false,
      status: 404,
    });
    expect((await socket.emitWithAck('join', { tenant: 'alpha', project: 'not-a-uuid' })) as JoinAck).toEqual(
      { ok: false, status: 400 },
    );

    // The token is of alpha: presented for beta it authenticates nothing.
    await expect(connect({ token: token.secret, tenant: 'beta' })).rejects.toThrow('unauthenticated');

    const events: AuditEvent[] = [];
    socket.on('audit', (e: AuditEvent) => events.push(e));
    await admin.post('/api/t/alpha/workspaces', { name: '速報', kind: 'home' }).expect(201);
    await expect.poll(() => events.map((e) => e.action)).toContain('workspace.created');

    await admin.delete(`/api/t/alpha/api-tokens/${token.id}`).expect(204);
    await expect(connect({ token: token.secret, tenant: 'alpha' })).rejects.toThrow('unauthenticated');
  });

  it('sends nothing to a connection that has not joined the tenant', async () => {
    const beta = await t.signIn('tenant_admin@beta.test');
    const token = (await beta.post('/api/t/beta/api-tokens', { name: 'idle', role: 'director' }).expect(201))
      .body;
    const idle = await connect({ token: token.secret, tenant: 'beta' });
    const events: AuditEvent[] = [];
    idle.on('audit', (e: AuditEvent) => events.push(e));
    await beta.post('/api/t/beta/workspaces', { name: '未参加', kind: 'home' }).expect(201);
    await new Promise((r) => setTimeout(r, 300));
    expect(events).toEqual([]);
  });
});
