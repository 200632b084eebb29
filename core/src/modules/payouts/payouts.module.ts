import type { KadoModule } from '../module.js';

/** Worker payouts (issue #7, part 3) — STUB. */
export const payoutsModule: KadoModule = {
  services: [],
  routes: () => [],
};
