import type { KadoModule } from '../module.js';

/** The seats context (issue #5): its services and routes. */
export const seatsModule: KadoModule = {
  services: [],
  routes: () => [],
};
