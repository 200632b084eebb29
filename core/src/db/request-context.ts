import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditEvent } from '../realtime/events.js';
import type { Role, Tenant } from './schema.js';

/** Who is acting, and in which tenant: set once per request after authentication. */
export interface Actor {
  userId: string | null;
  tokenId: string | null;
}

export interface TenantScope {
  tenant: Pick<Tenant, 'id' | 'slug' | 'kind' | 'status' | 'name_ja' | 'name_en'>;
  /** null for an anonymous caller of a tenant route, e.g. someone accepting an invitation. */
  role: Role | null;
  actor: Actor;
  /** Audit entries written in this request, announced to browsers once the request's work has committed. */
  announcements?: AuditEvent[];
}

const storage = new AsyncLocalStorage<TenantScope>();

export const runInTenantScope = <T>(scope: TenantScope, fn: () => T): T => storage.run(scope, fn);

/** The current tenant scope; throws outside one so a forgotten scope fails loudly, never silently global. */
export function currentScope(): TenantScope {
  const scope = storage.getStore();
  if (!scope) throw new Error('currentScope() called outside a tenant scope');
  return scope;
}

export const currentTenant = () => currentScope().tenant;

/** The scope if there is one: for optional extras (announcements), never for access decisions. */
export const optionalScope = (): TenantScope | undefined => storage.getStore();

/** Work started outside any request (the CLI, seeding) is done by the system: no user, no token. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ userId: null, tokenId: null });

/** Who is acting: the request's caller, or the system outside a request. Used for audit, never for access. */
export const currentActor = (): Actor => optionalScope()?.actor ?? SYSTEM_ACTOR;
