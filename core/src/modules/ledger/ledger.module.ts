import type { KadoModule } from '../module.js';
import { ledgerRoutes } from './ledger.routes.js';
import { LedgerService } from './ledger.service.js';

/** The ledger (issue #7, part 1): a double-entry book per tenant in integer yen. */
export const ledgerModule: KadoModule = {
  services: [LedgerService],
  routes: (container) => ledgerRoutes(container.get(LedgerService)),
};
