import type { KadoModule } from '../module.js';
import { BankAccountsService } from './bank-accounts.service.js';
import { payoutsRoutes } from './payouts.routes.js';
import { PayoutsService } from './payouts.service.js';

/** Worker payouts (issue #7, part 3): bank accounts, monthly runs, statements and the Zengin file. */
export const payoutsModule: KadoModule = {
  services: [BankAccountsService, PayoutsService],
  routes: (container) => payoutsRoutes(container.get(PayoutsService), container.get(BankAccountsService)),
};
