import type { KadoModule } from '../../module.js';
import { trainingRoutes } from './training.routes.js';
import { TrainingService } from './training.service.js';

/** The hub's training (issue #8): courses and sessions across the network, enrolments, results, skills. */
export const trainingModule: KadoModule = {
  services: [TrainingService],
  routes: (c) => trainingRoutes(c.get(TrainingService)),
};
