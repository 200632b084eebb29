import type { KadoModule } from '../../module.js';
import { partnershipsRoutes } from './partnerships.routes.js';
import { PartnershipsService } from './partnerships.service.js';

/** The hub's partnerships (issue #8, part 1): the onboarding wizard, the agreement and the launch checklist. */
export const partnershipsModule: KadoModule = {
  services: [PartnershipsService],
  routes: (container) => partnershipsRoutes(container.get(PartnershipsService)),
};
