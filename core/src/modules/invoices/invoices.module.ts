import type { KadoModule } from '../module.js';
import { invoicesRoutes } from './invoices.routes.js';
import { InvoicesService } from './invoices.service.js';

/** Client invoices (issue #7, part 4): qualified invoices (適格請求書), their payments, PDF and xlsx. */
export const invoicesModule: KadoModule = {
  services: [InvoicesService],
  routes: (container) => invoicesRoutes(container.get(InvoicesService)),
};
