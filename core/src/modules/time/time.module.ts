import type { KadoModule } from '../module.js';

/** The time context (issue #5): its services and routes. */
export const timeModule: KadoModule = {
  services: [],
  routes: () => [],
};
