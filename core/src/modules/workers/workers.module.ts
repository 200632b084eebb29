import type { KadoModule } from '../module.js';
import { AvailabilityService } from './availability.service.js';

/** The workers context (issue #5): its services and routes. */
export const workersModule: KadoModule = {
  services: [AvailabilityService],
  routes: () => [],
};
