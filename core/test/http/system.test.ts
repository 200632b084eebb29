import { beforeAll, describe, expect, it } from 'vitest';
import { Lifecycle } from '../../src/kernel/lifecycle.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

describe('system endpoints', () => {
  it('answers liveness and readiness with the database checked', async () => {
    const anon = t.anonymous();
    expect((await anon.get('/api/health').expect(200)).body).toEqual({ status: 'ok' });
    const ready = await anon.get('/api/ready').expect(200);
    expect(ready.body.checks).toEqual({ database: 'ok', redis: 'not configured' });
  });

  it('reports Redis down as 503 problem when it is configured but unreachable', async () => {
    const broken = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    const res = await broken.anonymous().get('/api/ready').expect(503);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.detail).toContain('redis');
  });

  it('reports the database down as 503 problem', async () => {
    const broken = await startTestApp();
    await broken.db.close();
    const res = await broken.anonymous().get('/api/ready').expect(503);
    expect(res.body.detail).toContain('database');
  });

  it('fails readiness and closes keep-alive connections once shutting down, while still answering', async () => {
    const draining = await startTestApp();
    draining.container.get(Lifecycle).drain();
    const res = await draining.anonymous().get('/api/ready').expect(503);
    expect(res.body.detail).toContain('Shutting down');
    const health = await draining.anonymous().get('/api/health').expect(200);
    expect(health.headers.connection).toBe('close');
  });

  it('publishes an OpenAPI 3.1 document generated from the request schemas', async () => {
    const doc = (await t.anonymous().get('/api/openapi.json').expect(200)).body;
    expect(doc.openapi).toBe('3.1.0');
    const create = doc.paths['/api/t/{tenant}/workspaces'].post;
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'kind']));
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.kind.enum).toEqual(['coworking', 'home']);
    const tenantCreate =
      doc.paths['/api/t/{tenant}/tenants'].post.requestBody.content['application/json'].schema;
    expect(tenantCreate.properties.localGovernmentCode.pattern).toBe('^\\d{6}$');
    expect(create.parameters).toContainEqual(
      expect.objectContaining({ name: 'tenant', in: 'path', required: true }),
    );
  });

  it('serves the interactive reference page and its assets without network access', async () => {
    const anon = t.anonymous();
    const page = await anon.get('/api/docs').expect(200);
    expect(page.text).toContain('swagger-ui-bundle.js');
    await anon.get('/api/docs/assets/swagger-ui-bundle.js').expect(200);
    await anon.get('/api/docs/assets/docs-init.js').expect(200);
  });

  it('answers unknown API paths with a problem+json 404 and documents problem types', async () => {
    const res = await t.anonymous().get('/api/nope').expect(404);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({ type: '/api/problems/not-found', status: 404 });
    const doc = await t.anonymous().get('/api/problems/validation-failed').expect(200);
    expect(doc.body.status).toBe(400);
  });
});
