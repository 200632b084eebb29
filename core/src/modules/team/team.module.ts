import type { KadoModule } from '../module.js';
import { teamRoutes } from './team.routes.js';
import { TeamService } from './team.service.js';
import { WorkEvents } from './work-events.js';

/** The directors' view: today's roster, live holds, timesheets waiting, and who needs attention. */
export const teamModule: KadoModule = {
  services: [TeamService, WorkEvents],
  routes: (c) => teamRoutes(c.get(TeamService)),
};
