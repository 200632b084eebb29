import type { KadoModule } from '../../module.js';
import { CentreCapacityService } from './centre-capacity.js';
import { OffersService } from './offers.service.js';
import { SharedWorkService } from './shared-work.service.js';
import { sharingRoutes } from './sharing.routes.js';
import { SharingService } from './sharing.service.js';

/** The hub shares orders across centres; partners answer its offers (issue #8). */
export const sharingModule: KadoModule = {
  services: [CentreCapacityService, SharingService, OffersService, SharedWorkService],
  routes: (c) => sharingRoutes(c.get(SharingService), c.get(OffersService), c.get(SharedWorkService)),
};
