import type { KadoModule } from '../module.js';
import { ContractsService } from './contracts.service.js';

/** The contracts context (issue #5): its services and routes. */
export const contractsModule: KadoModule = {
  services: [ContractsService],
  routes: () => [],
};
