import type { Container, Newable } from 'inversify';
import type { RouteDef } from '../http/route.js';

/**
 * A bounded context that registers itself: its services (bound as singletons in the container) and its
 * routes (built from the container). Core's container and HTTP app take the list in `modules/index.ts`.
 */
export interface KadoModule {
  services: Newable[];
  routes(container: Container): RouteDef[];
}
