import type { KadoModule } from '../module.js';
import { growthRoutes } from './growth.routes.js';
import { GrowthService } from './growth.service.js';

/** The growth context (issue #5, 第1・第2チャレンジ): hours, tasks, accuracy and placement outcomes. */
export const growthModule: KadoModule = {
  services: [GrowthService],
  routes: (c) => growthRoutes(c.get(GrowthService)),
};
