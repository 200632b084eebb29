import type { KadoModule } from '../module.js';
import { BudgetService } from './budget.service.js';

/** The budget (issue #7, part 2) — STUB: routes come with the budget helper. */
export const budgetModule: KadoModule = {
  services: [BudgetService],
  routes: () => [],
};
