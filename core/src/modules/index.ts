import { budgetModule } from './budget/budget.module.js';
import { contractsModule } from './contracts/contracts.module.js';
import { growthModule } from './growth/growth.module.js';
import { networkModule } from './hub/network/network.module.js';
import { partnershipsModule } from './hub/partnerships/partnerships.module.js';
import { settlementModule } from './hub/settlement/settlement.module.js';
import { sharingModule } from './hub/sharing/sharing.module.js';
import { trainingModule } from './hub/training/training.module.js';
import { invoicesModule } from './invoices/invoices.module.js';
import { ledgerModule } from './ledger/ledger.module.js';
import type { KadoModule } from './module.js';
import { payoutsModule } from './payouts/payouts.module.js';
import { probesModule } from './probes/probes.module.js';
import { seatsModule } from './seats/seats.module.js';
import { teamModule } from './team/team.module.js';
import { timeModule } from './time/time.module.js';
import { workersModule } from './workers/workers.module.js';

/** The modules that register themselves (newer contexts); older ones are wired in container.ts and app.ts. */
export const MODULES: KadoModule[] = [
  workersModule,
  contractsModule,
  timeModule,
  seatsModule,
  growthModule,
  teamModule,
  ledgerModule,
  budgetModule,
  payoutsModule,
  invoicesModule,
  partnershipsModule,
  sharingModule,
  settlementModule,
  trainingModule,
  networkModule,
  probesModule,
];
