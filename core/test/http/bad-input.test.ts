import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../support/test-app.js';

/** Bad input answers a clear problem+json 4xx and writes nothing. */
let t: TestApp;
let admin: Client;
let hub: Client;
beforeAll(async () => {
  t = await startTestApp({ BODY_LIMIT: '2kb' });
  admin = await t.signIn('tenant_admin@alpha.test');
  hub = await t.signIn('hub_admin@hub.test');
});

const counts = () =>
  t.db.asOwner(async (tx) => ({
    tenants: (
      await tx
        .selectFrom('tenants')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
    workspaces: (
      await tx
        .selectFrom('workspaces')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
    audit: (
      await tx
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  }));

function expectProblem(res: request.Response, status: number, type: string) {
  expect(res.status).toBe(status);
  expect(res.type).toBe('application/problem+json');
  expect(res.body).toMatchObject({ type: `/api/problems/${type}`, status });
  expect(res.body.title).toMatch(/ \/ /); // Japanese / English
}

describe('bad input', () => {
  it('wrong types, missing fields and unknown fields: 400 with one error per field', async () => {
    const before = await counts();
    const res = await admin.post('/api/t/alpha/workspaces', { name: 42, seats: '12', colour: 'blue' });
    expectProblem(res, 400, 'validation-failed');
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(['/body/colour', '/body/kind', '/body/name', '/body/seats']);
    expect(res.body.errors.find((e: { pointer: string }) => e.pointer === '/body/colour').code).toBe(
      'unknown_field',
    );
    expect(await counts()).toEqual(before);
  });

  it('an oversized body: 413', async () => {
    const before = await counts();
    const res = await admin.post('/api/t/alpha/workspaces', {
      name: 'x',
      kind: 'home',
      address: 'あ'.repeat(3000),
    });
    expectProblem(res, 413, 'payload-too-large');
    expect(await counts()).toEqual(before);
  });

  it('malformed JSON and a non-JSON content type: 400 and 415', async () => {
    const before = await counts();
    const malformed = await request(t.app)
      .post('/api/auth/sign-in')
      .set('Content-Type', 'application/json')
      .send('{"email":');
    expectProblem(malformed, 400, 'malformed-body');
    const form = await request(t.app).post('/api/auth/sign-in').type('form').send('email=a@b.jp&password=x');
    expectProblem(form, 415, 'unsupported-media-type');
    expect(await counts()).toEqual(before);
  });

  it('a malformed local government code (wrong check digit, too short, full-width): 400, no tenant', async () => {
    const before = await counts();
    for (const code of ['202152', '20215', '２０２１５１']) {
      const res = await hub.post('/api/t/hub/tenants', {
        slug: 'shiojiri-two',
        kind: 'municipality',
        nameJa: '塩尻',
        nameEn: 'Shiojiri',
        prefecture: '長野県',
        localGovernmentCode: code,
      });
      expectProblem(res, 400, 'validation-failed');
      expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/body/localGovernmentCode' })]);
    }
    expect(await counts()).toEqual(before);
  });

  it('a bad id or query parameter: 400 naming it', async () => {
    expectProblem(await admin.get('/api/t/alpha/workspaces/not-a-uuid'), 400, 'validation-failed');
    const res = await admin.get('/api/t/alpha/audit?limit=5000&sneaky=1');
    expectProblem(res, 400, 'validation-failed');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/query/limit',
      '/query/sneaky',
    ]);
  });

  it('an invalid configuration value stops the process with exit code 1 and names it', async () => {
    const { loadConfig, ConfigError } = await import('../../src/kernel/config.js');
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: .*\(got "eighty"\)/);
  });
});
