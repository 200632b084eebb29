import type { RequestHandler } from 'express';
import type { Logger } from '../kernel/logger.js';
import type { Metrics } from './metrics.js';
import { type RequestInfo, requestIdFrom, runInRequest, UNMATCHED } from './request-info.js';
import type { Tracing } from './tracing.js';

/** Polled by probes every few seconds: their access lines go to debug, or they would flood the log. */
const PROBES = new Set(['/health', '/ready', '/metrics']);

/** The app's first middleware: request id, the request's async context, its span, metrics and access log. */
export function observeRequests(logger: Logger, metrics: Metrics, tracing: Tracing): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const info: RequestInfo = { id: requestIdFrom(req.get('x-request-id')), route: UNMATCHED };
    res.set('X-Request-Id', info.id);
    info.span = tracing.startRequest(req.method, req.headers);

    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const ms = performance.now() - started;
      // A client that left before any response was sent: nginx's 499, not Node's default 200.
      const aborted = !res.writableFinished;
      const status = aborted && !res.headersSent ? 499 : res.statusCode;
      metrics.observeRequest(req.method, info.route, status, ms / 1000);
      info.span?.end({
        name: `${req.method} ${info.route}`,
        attributes: { 'http.route': info.route, 'http.response.status_code': status },
        failed: status >= 500,
      });
      // Method and template only: a raw URL can carry tokens (invitation links) and personal data.
      const line = { reqId: info.id, tenant: info.tenant, method: req.method, route: info.route, status };
      logger[PROBES.has(info.route) ? 'debug' : 'info'](
        { ...line, durationMs: Math.round(ms * 10) / 10, ...(aborted && { aborted }) },
        'request',
      );
    };
    res.once('finish', record);
    res.once('close', record);
    runInRequest(req, info, next);
  };
}
