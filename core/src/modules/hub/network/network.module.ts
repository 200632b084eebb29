import type { KadoModule } from '../../module.js';
import { networkRoutes } from './network.routes.js';
import { NetworkService } from './network.service.js';

/** The hub's network view (issue #8, item 7): centres, worker counts, capacity, revenue shared, outcomes. */
export const networkModule: KadoModule = {
  services: [NetworkService],
  routes: (c) => networkRoutes(c.get(NetworkService)),
};
