import type { KadoModule } from '../module.js';
import { contractsRoutes } from './contracts.routes.js';
import { ContractsService } from './contracts.service.js';

/** The contracts context (issue #5): quasi-delegation agreements, their terms and the Freelance Act statement. */
export const contractsModule: KadoModule = {
  services: [ContractsService],
  routes: (container) => contractsRoutes(container.get(ContractsService)),
};
