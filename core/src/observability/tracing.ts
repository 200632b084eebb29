import type { IncomingHttpHeaders } from 'node:http';
import type { JobContext } from '../jobs/queue.js';
import type { Config } from '../kernel/config.js';
import type { Logger } from '../kernel/logger.js';

/** One span, as the middleware and the job wrapper need it (no OpenTelemetry type leaks out). */
export interface SpanHandle {
  setAttribute(key: string, value: string | number): void;
  /** `name` renames the span (a request's route is known only once matched); `failed` marks an error. */
  end(outcome: SpanOutcome): void;
}

export interface SpanOutcome {
  name?: string;
  attributes?: Record<string, string | number>;
  error?: unknown;
  failed?: boolean;
}

export interface TracerBackend {
  /** A server span, child of the caller's W3C `traceparent` when it sent one. */
  startRequest(method: string, headers: IncomingHttpHeaders): SpanHandle;
  startJob(job: JobContext): SpanHandle;
  /** Exports what is buffered, then stops. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry traces when OTEL_EXPORTER_OTLP_ENDPOINT is set. Until start() has loaded the SDK (and
 * always when tracing is off) no span is made and no OpenTelemetry module is loaded.
 */
export class Tracing {
  private backend: TracerBackend | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    private readonly otel: Config['otel'],
    private readonly logger: Logger,
  ) {}

  start(): Promise<void> {
    const otel = this.otel;
    if (!otel) return Promise.resolve();
    this.starting ??= import('./otel-tracer.js').then(({ createOtelTracer }) => {
      this.backend = createOtelTracer(otel);
      this.logger.info({ endpoint: otel.endpoint, service: otel.serviceName }, 'tracing: OTLP export on');
    });
    return this.starting;
  }

  startRequest(method: string, headers: IncomingHttpHeaders): SpanHandle | undefined {
    return this.backend?.startRequest(method, headers);
  }

  startJob(job: JobContext): SpanHandle | undefined {
    return this.backend?.startJob(job);
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => {});
    const backend = this.backend;
    this.backend = undefined;
    this.starting = undefined;
    try {
      await backend?.shutdown();
    } catch (err) {
      this.logger.warn({ err }, 'tracing: could not export the last spans');
    }
  }
}
