import type { KadoModule } from '../../module.js';

/** The hub's training (issue #8). */
export const trainingModule: KadoModule = {
  services: [],
  routes: () => [],
};
