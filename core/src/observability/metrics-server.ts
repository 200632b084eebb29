import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../kernel/logger.js';
import type { Metrics } from './metrics.js';

export interface MetricsServer {
  /** The port listened on (useful when asked for 0). */
  port: number;
  close(): Promise<void>;
}

/** GET /metrics answered from the registry; anything else 404. */
export function metricsListener(metrics: Metrics, logger?: Logger): RequestListener {
  return (req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    metrics.scrape().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
      (err) => {
        logger?.error({ err }, 'metrics scrape failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics unavailable\n');
      },
    );
  };
}

/**
 * Serves /metrics on its own small listener (METRICS_PORT), so the scrape port can stay inside the
 * cluster while the main port faces the load balancer.
 */
export async function startMetricsServer(
  metrics: Metrics,
  port: number,
  host: string,
  logger?: Logger,
): Promise<MetricsServer> {
  const server = createServer(metricsListener(metrics, logger));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => logger?.error({ err }, 'metrics server error'));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // a scraper's keep-alive connection would hold close() open
      }),
  };
}
