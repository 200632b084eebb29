import type { Container } from 'inversify';
import type { Config } from '../kernel/config.js';
import type { Logger } from '../kernel/logger.js';
import { TOKENS } from '../kernel/tokens.js';
import { Metrics } from './metrics.js';
import { startMetricsServer } from './metrics-server.js';
import { Tracing } from './tracing.js';

/**
 * For `kado start` and `kado worker`, once the container exists and before serving or taking jobs:
 * tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set, the metrics listener when METRICS_PORT is set.
 * stop() last in shutdown, after the jobs have stopped, so the last spans are exported.
 */
export async function startObservability(container: Container): Promise<{ stop(): Promise<void> }> {
  const config = container.get<Config>(TOKENS.Config);
  const logger = container.get<Logger>(TOKENS.Logger);
  const tracing = container.get(Tracing);
  await tracing.start();
  const server =
    config.metricsPort === undefined
      ? undefined
      : await startMetricsServer(container.get(Metrics), config.metricsPort, config.host, logger);
  if (server) logger.info({ port: server.port }, 'metrics: GET /metrics on the metrics port');
  return {
    stop: async () => {
      await server?.close();
      await tracing.stop();
    },
  };
}
