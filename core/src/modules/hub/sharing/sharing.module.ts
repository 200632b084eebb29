import type { KadoModule } from '../../module.js';

/** The hub's sharing (issue #8). */
export const sharingModule: KadoModule = {
  services: [],
  routes: () => [],
};
