import type { KadoModule } from '../module.js';
import { timeRoutes } from './time.routes.js';
import { TimeService } from './time.service.js';

/** The time context (issue #5): clock in/out, corrections, monthly timesheets and earnings statements. */
export const timeModule: KadoModule = {
  services: [TimeService],
  routes: (container) => timeRoutes(container.get(TimeService)),
};
