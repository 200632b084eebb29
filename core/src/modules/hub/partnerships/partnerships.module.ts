import type { KadoModule } from '../../module.js';

/** The hub's partnerships (issue #8). */
export const partnershipsModule: KadoModule = {
  services: [],
  routes: () => [],
};
