import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { TenantScope } from '../db/request-context.js';
import type { Role } from '../db/schema.js';
import type { SignedInUser } from './authenticate.js';

/** Who may call a route. `tenant` routes live under /api/t/:tenant and run inside that tenant's scope. */
export type Access =
  | { kind: 'public' }
  | { kind: 'signed-in' }
  | { kind: 'tenant'; roles?: readonly Role[]; hubOnly?: boolean; anonymous?: boolean };

type AnySchema = z.ZodType;
type Out<S> = S extends AnySchema ? z.output<S> : undefined;

export interface RouteInput<P, Q, B> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  user: SignedInUser | null;
  scope: TenantScope | null;
  req: Request;
  res: Response;
}

export interface RouteDef<P = unknown, Q = unknown, B = unknown> {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Express path below /api, e.g. `/t/:tenant/workspaces/:id`. */
  path: string;
  summary: string;
  tags: string[];
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  response: { status: number; description: string; schema?: AnySchema };
  /**
   * The body is a file (any media type) that the handler streams from `req` itself, up to the configured
   * upload limit, instead of JSON.
   */
  upload?: boolean;
  /** Accepts an Idempotency-Key header (tenant routes): see IdempotencyService. */
  idempotent?: boolean;
  /** Returns the response body; `undefined` for 204. */
  handle(input: RouteInput<P, Q, B>): Promise<unknown>;
}

/** Returned by a handler that has written the response itself (a file download). */
export const STREAMED = Symbol('streamed');

/** Declares a route once: the same schemas validate the request and describe it in the OpenAPI document. */
export function defineRoute<
  P extends AnySchema | undefined = undefined,
  Q extends AnySchema | undefined = undefined,
  B extends AnySchema | undefined = undefined,
>(def: RouteDef<P, Q, B>): RouteDef {
  return def as unknown as RouteDef;
}

export const TENANT_ROLES = {
  admins: ['hub_admin', 'tenant_admin'],
  staff: ['hub_admin', 'tenant_admin', 'director'],
} as const satisfies Record<string, readonly Role[]>;
