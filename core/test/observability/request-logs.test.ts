import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../src/kernel/logger.js';
import { TOKENS } from '../../src/kernel/tokens.js';
import { waitFor } from '../jobs/support.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Every line the app logs, parsed, as pino writes it to its destination. */
const lines: Record<string, unknown>[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});
const linesOf = (reqId: string) => lines.filter((l) => l.reqId === reqId);
const accessLine = (reqId: string) =>
  waitFor(`access line of ${reqId}`, () => linesOf(reqId).find((l) => l.msg === 'request'));

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { logger: createLogger({ logLevel: 'debug' }, capture) });
});

describe('request ids', () => {
  it("echoes the caller's X-Request-Id when it is a safe token", async () => {
    const res = await t.anonymous().get('/api/health').set('X-Request-Id', 'lb-4f2a.9_Z').expect(200);
    expect(res.headers['x-request-id']).toBe('lb-4f2a.9_Z');
  });

  it('makes a fresh one when none is sent or the one sent is unsafe', async () => {
    const none = await t.anonymous().get('/api/health').expect(200);
    expect(none.headers['x-request-id']).toMatch(UUID);
    for (const unsafe of ['has spaces', 'quote"d', 'x'.repeat(129), '']) {
      const res = await t.anonymous().get('/api/nope').set('X-Request-Id', unsafe).expect(404);
      expect(res.headers['x-request-id']).toMatch(UUID);
    }
  });
});

describe('log lines', () => {
  it('carry the request id and, once resolved, the tenant; one access line per request', async () => {
    const admin = await t.signIn('tenant_admin@alpha.test');
    // The first use of the plugin host loads the plugins, logging from a service's child logger inside
    // the request, after its JSON body has been parsed.
    const reqId = 'enable-plugin-1';
    await admin
      .put('/api/t/alpha/plugins/data-entry', { enabled: true })
      .set('X-Request-Id', reqId)
      .expect(200);

    const access = await accessLine(reqId);
    expect(access).toMatchObject({
      level: 30,
      reqId,
      tenant: 'alpha',
      method: 'PUT',
      route: '/t/:tenant/plugins/:id',
      status: 200,
      durationMs: expect.any(Number),
    });
    const during = linesOf(reqId).filter((l) => l !== access);
    expect(during.map((l) => l.msg)).toContain('plugin data-entry loaded');
    for (const line of during) expect(line).toMatchObject({ reqId, tenant: 'alpha' });
    expect(linesOf(reqId).filter((l) => l.msg === 'request')).toHaveLength(1);
    // Neither the URL (tokens, personal data) nor cookies or bodies are logged.
    const text = JSON.stringify(linesOf(reqId));
    expect(text).not.toContain('/api/t/alpha');
    expect(text).not.toContain('kado_session');
    expect(text).not.toContain('"enabled"');
  });

  it('has no tenant for a request outside one, and logs probes at debug', async () => {
    await t.anonymous().get('/api/nope').set('X-Request-Id', 'no-tenant').expect(404);
    const miss = await accessLine('no-tenant');
    expect(miss).toMatchObject({ level: 30, route: 'unmatched', status: 404 });
    expect(miss).not.toHaveProperty('tenant');

    await t.anonymous().get('/api/ready').set('X-Request-Id', 'probe-1').expect(200);
    await t.anonymous().get('/metrics').set('X-Request-Id', 'probe-2').expect(200);
    expect(await accessLine('probe-1')).toMatchObject({ level: 20, route: '/ready', status: 200 });
    expect(await accessLine('probe-2')).toMatchObject({ level: 20, route: '/metrics', status: 200 });
  });

  it('leaves lines written outside any request without a request id', async () => {
    const before = lines.length;
    t.container.get<Logger>(TOKENS.Logger).info('outside');
    await waitFor('outside line', () => lines.length > before);
    expect(lines.at(-1)).toMatchObject({ msg: 'outside' });
    expect(lines.at(-1)).not.toHaveProperty('reqId');
  });
});
