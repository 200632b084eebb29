import type { KadoModule } from '../module.js';
import { AvailabilityService } from './availability.service.js';
import { workersRoutes } from './workers.routes.js';
import { WorkersService } from './workers.service.js';

/** The workers context (issue #5): profiles, trainings, hours; its services and routes. */
export const workersModule: KadoModule = {
  services: [AvailabilityService, WorkersService],
  routes: (c) => workersRoutes(c.get(WorkersService), c.get(AvailabilityService)),
};
