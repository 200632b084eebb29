import type { KadoModule } from '../module.js';

/** Client invoices (issue #7, part 4) — STUB. */
export const invoicesModule: KadoModule = {
  services: [],
  routes: () => [],
};
