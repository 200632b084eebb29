import { createRequire } from 'node:module';
import { defaultTextMapGetter, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_VERSION,
} from '@opentelemetry/semantic-conventions';
import type { SpanHandle, TracerBackend } from './tracing.js';

// Loaded only by Tracing.start() when OTEL_EXPORTER_OTLP_ENDPOINT is set (a dynamic import).
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * Manual spans over OTLP/HTTP (JSON). The provider is this process's own, not registered globally: spans
 * are made by our middleware and job wrapper with explicit parents, so no context manager is needed.
 */
export function createOtelTracer(otel: { endpoint: string; serviceName: string }): TracerBackend {
  const exporter = new OTLPTraceExporter({ url: `${otel.endpoint.replace(/\/+$/, '')}/v1/traces` });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: otel.serviceName,
      [ATTR_SERVICE_VERSION]: version,
    }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('@kado/core', version);
  const propagator = new W3CTraceContextPropagator();

  return {
    startRequest(method, headers) {
      const parent = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
      const attributes = { [ATTR_HTTP_REQUEST_METHOD]: method };
      return handle(tracer.startSpan(method, { kind: SpanKind.SERVER, attributes }, parent));
    },
    startJob(job) {
      const attributes = {
        'kado.job.name': job.name,
        'kado.job.id': job.id,
        'kado.job.attempt': job.attempt,
        'kado.tenant_id': job.tenantId,
      };
      return handle(
        tracer.startSpan(`job ${job.name}`, { kind: SpanKind.CONSUMER, attributes }, ROOT_CONTEXT),
      );
    },
    async shutdown() {
      await provider.shutdown(); // flushes the batch first
    },
  };
}

function handle(span: Span): SpanHandle {
  return {
    setAttribute: (key, value) => void span.setAttribute(key, value),
    end({ name, attributes, error, failed }) {
      if (name) span.updateName(name);
      if (attributes) span.setAttributes(attributes);
      if (error !== undefined) span.recordException(error instanceof Error ? error : String(error));
      if (failed || error !== undefined)
        span.setStatus({
          code: SpanStatusCode.ERROR,
          ...(error instanceof Error && { message: error.message }),
        });
      span.end();
    },
  };
}
