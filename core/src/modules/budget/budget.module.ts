import type { KadoModule } from '../module.js';
import { budgetRoutes } from './budget.routes.js';
import { BudgetService } from './budget.service.js';

/** The budget (issue #7, part 2): lines per fiscal year, account and funding source; sums of movements. */
export const budgetModule: KadoModule = {
  services: [BudgetService],
  routes: (container) => budgetRoutes(container.get(BudgetService)),
};
