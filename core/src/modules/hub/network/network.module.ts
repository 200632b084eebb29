import type { KadoModule } from '../../module.js';

/** The hub's network (issue #8). */
export const networkModule: KadoModule = {
  services: [],
  routes: () => [],
};
