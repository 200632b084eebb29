import type { KadoModule } from '../../module.js';
import { settlementRoutes } from './settlement.routes.js';
import { SettlementService } from './settlement.service.js';

/** Monthly settlement between the hub and its partner centres (issue #8, item 5). */
export const settlementModule: KadoModule = {
  services: [SettlementService],
  routes: (c) => settlementRoutes(c.get(SettlementService)),
};
