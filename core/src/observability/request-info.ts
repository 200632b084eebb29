import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { SpanHandle } from './tracing.js';

/** What logs, metrics and the trace know of the request being served. */
export interface RequestInfo {
  /** The caller's X-Request-Id when it is a safe token, else a fresh UUID; echoed in the response. */
  id: string;
  /** The route template (`/t/:tenant/orders/:id`), `ui`, or `unmatched`: never the raw URL. */
  route: string;
  /** The tenant's slug, once authorisation has resolved it. */
  tenant?: string;
  span?: SpanHandle;
}

export const UNMATCHED = 'unmatched';

// Anything else (spaces, quotes, newlines, megabytes) is not echoed into headers and logs.
const SAFE_ID = /^[A-Za-z0-9._-]{1,128}$/;

export const requestIdFrom = (header: string | undefined): string =>
  header !== undefined && SAFE_ID.test(header) ? header : randomUUID();

const storage = new AsyncLocalStorage<RequestInfo>();
// Also by request, for middleware that runs where the async context may not have followed (body parsing).
const byRequest = new WeakMap<Request, RequestInfo>();

export function runInRequest<T>(req: Request, info: RequestInfo, fn: () => T): T {
  byRequest.set(req, info);
  return storage.run(info, fn);
}

/** The request being served, for the logger's mixin; undefined outside a request (jobs, start-up). */
export const currentRequest = (): RequestInfo | undefined => storage.getStore();

export const requestInfoOf = (req: Request): RequestInfo | undefined => byRequest.get(req);

/** Names the matched route for metrics, logs and traces: the first handler of each route. */
export const routeTemplate =
  (template: string): RequestHandler =>
  (req, _res, next) => {
    const info = byRequest.get(req);
    if (info) info.route = template;
    next();
  };

/** The tenant is known once the request is authorised: later log lines and the span carry its slug. */
export function noteTenant(req: Request, slug: string): void {
  const info = byRequest.get(req);
  if (!info) return;
  info.tenant = slug;
  info.span?.setAttribute('kado.tenant', slug);
}
