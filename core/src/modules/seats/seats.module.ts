import type { KadoModule } from '../module.js';
import { seatsRoutes } from './seats.routes.js';
import { SeatsService } from './seats.service.js';

/** The seats context (issue #5): coworking seat bookings, availability and the staff day view. */
export const seatsModule: KadoModule = {
  services: [SeatsService],
  routes: (c) => seatsRoutes(c.get(SeatsService)),
};
