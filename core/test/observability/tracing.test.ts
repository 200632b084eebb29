import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../src/jobs/queue.js';
import { TOKENS } from '../../src/kernel/tokens.js';
import { startObservability } from '../../src/observability/start-observability.js';
import { waitFor } from '../jobs/support.js';
import { startTestApp } from '../support/test-app.js';

/** A span as OTLP/JSON carries it, attributes flattened. */
interface ReceivedSpan {
  name: string;
  traceId: string;
  parentSpanId?: string;
  kind: number;
  status?: { code?: number };
  attributes: Record<string, unknown>;
  service: unknown;
}

/** A collector's OTLP/HTTP endpoint: keeps every span posted to /v1/traces. */
const spans: ReceivedSpan[] = [];
const paths: string[] = [];
let collector: Server;
let endpoint: string;

const flatten = (attributes: { key: string; value: Record<string, unknown> }[] = []) =>
  Object.fromEntries(attributes.map((a) => [a.key, Object.values(a.value)[0]]));

beforeAll(async () => {
  collector = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      paths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      for (const rs of JSON.parse(body).resourceSpans ?? [])
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({
              ...s,
              attributes: flatten(s.attributes),
              service: flatten(rs.resource?.attributes)['service.name'],
            });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

describe('OpenTelemetry traces (OTEL_EXPORTER_OTLP_ENDPOINT set)', () => {
  it('exports a server span per request, named by route template, child of the caller’s traceparent', async () => {
    const t = await startTestApp({
      OTEL_EXPORTER_OTLP_ENDPOINT: `${endpoint}/`,
      OTEL_SERVICE_NAME: 'kado-test',
    });
    const observability = await startObservability(t.container);
    const queue = t.container.get<JobQueue>(TOKENS.JobQueue);
    queue.register('test.traced', () => 'ok');
    await queue.start();

    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentSpanId = '00f067aa0ba902b7';
    const admin = await t.signIn('tenant_admin@alpha.test');
    await admin
      .get('/api/t/alpha/workspaces')
      .set('traceparent', `00-${traceId}-${parentSpanId}-01`)
      .expect(200);
    await t.anonymous().get('/api/no/such/path').expect(404);
    const { id } = await queue.enqueue('test.traced', {}, { tenantId: t.tenants.alpha! });
    await waitFor('job done', async () => (await queue.get(t.tenants.alpha!, id))?.state === 'completed');
    await queue.stop();
    await observability.stop(); // exports what the batch still holds

    expect(paths[0]).toBe('POST /v1/traces application/json');
    const request = spans.find((s) => s.name === 'GET /t/:tenant/workspaces');
    expect(request).toMatchObject({
      traceId,
      parentSpanId,
      kind: 2, // SERVER
      service: 'kado-test',
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/t/:tenant/workspaces',
        'http.response.status_code': 200,
        'kado.tenant': 'alpha',
      },
    });
    const unmatched = spans.find((s) => s.name === 'GET unmatched');
    expect(unmatched?.attributes).toMatchObject({ 'http.response.status_code': 404 });
    expect(unmatched?.traceId).not.toBe(traceId);
    expect(spans.find((s) => s.name === 'POST /auth/sign-in')).toBeDefined();
    expect(spans.find((s) => s.name === 'job test.traced')).toMatchObject({
      kind: 5, // CONSUMER
      attributes: { 'kado.job.name': 'test.traced', 'kado.job.id': id, 'kado.job.attempt': 1 },
    });
    // The URL itself is never an attribute: the tenant is named only where it was resolved.
    expect(JSON.stringify(spans)).not.toContain('/api/t/alpha');
  });
});
