/**
 * Allocation of hub orders to partner centres: the pure optimisation core's data shapes.
 * No database, no HTTP: upstream code derives each centre's day-by-day capacity and feeds it here.
 */

export type IsoDate = string; // YYYY-MM-DD, Asia/Tokyo calendar dates
export type Text = { ja: string; en: string };

export interface AllocationCentre {
  id: string;
  name: string;
  /** Integer yen per task, per work type the centre takes. A missing type means the centre does not do it. */
  pricePerTask: Record<string, number>;
  /** Remaining budget in integer yen for this allocation; null = no limit. */
  remainingBudgetYen: number | null;
  /**
   * Tasks per day per work type, day 0 = `horizonStart`. Already net of committed work
   * (see capacityFromHours). Work types are treated as independent capacities.
   */
  dailyCapacity: Record<string, readonly number[]>;
}

export interface AllocationOrder {
  id: string;
  workType: string;
  tasks: number;
  /** Last day (inclusive) on which the work must be done. */
  deadline: IsoDate;
  /** Shares the hub edited by hand: centre id -> tasks. Kept exactly; the rest is re-optimised. */
  fixedShares?: Record<string, number>;
}

export interface AllocationInput {
  horizonStart: IsoDate;
  centres: readonly AllocationCentre[];
  orders: readonly AllocationOrder[];
}

export interface AllocationOptions {
  /**
   * 'mip': integer model solved by HiGHS branch-and-bound (exact; for small instances).
   * 'round': LP relaxation + largest-remainder rounding with repair (scales; cost reported against the LP bound).
   * 'auto' (default): 'mip' when there are at most `exactMaxPairs` order × centre variables.
   */
  integer?: 'auto' | 'mip' | 'round';
  exactMaxPairs?: number;
  /** Second objective (balanced load) on/off. Default on. */
  balance?: boolean;
  /** Relative cost allowance the balancing phase may spend (0 = keep the minimum cost exactly). */
  costSlack?: number;
  timeLimitSeconds?: number;
  /** The balancing phase gives up after this long (default 30 s) and keeps the minimum-cost solution. */
  balanceTimeLimitSeconds?: number;
}

export type CapReason = 'capacity' | 'budget' | 'balance' | 'demand' | 'fixed';

export interface CentreLoad {
  centreId: string;
  workType: string;
  /** Cumulative figures at each deadline of this work type's orders. */
  byDeadline: { deadline: IsoDate; usedTasks: number; capacityTasks: number; fraction: number }[];
}

export interface WorkTypeExplanation {
  workType: string;
  tasks: number;
  priceYen: number;
  /** 1 = cheapest; centres with equal prices share a rank. */
  priceRank: number;
  centresOffering: number;
  /** Highest share of cumulative capacity used at any deadline (0..1). */
  capacityUsed: number;
  cappedBy: CapReason;
  text: Text;
}

export interface CentreExplanation {
  centreId: string;
  tasks: number;
  costYen: number;
  budgetLeftYen: number | null;
  workTypes: WorkTypeExplanation[];
}

export interface AllocationShare {
  orderId: string;
  centreId: string;
  tasks: number;
  costYen: number;
}

export interface FeasibleAllocation {
  feasible: true;
  shares: AllocationShare[];
  costYen: number;
  /** Lower bound proven by HiGHS (LP relaxation, or the MIP optimum in 'mip' mode). */
  lowerBoundYen: number;
  method: 'mip' | 'round' | 'round+mip-repair';
  loads: CentreLoad[];
  explanations: CentreExplanation[];
  /** Size of the model and wall time per phase, for benchmarks and logs. */
  stats: { variables: number; constraints: number; phaseMs: Record<string, number> };
}

export interface InfeasibleAllocation {
  feasible: false;
  /** Tasks per order that cannot be placed before its deadline; the total is the exact maximum-placement gap. */
  shortfall: { orderId: string; tasks: number }[];
  totalShortfall: number;
  placedTasks: number;
  message: Text;
}

export type AllocationResult = FeasibleAllocation | InfeasibleAllocation;

export class AllocationInputError extends Error {
  constructor(readonly problems: Text[]) {
    super(problems.map((p) => p.en).join('; '));
    this.name = 'AllocationInputError';
  }
}

/**
 * Tasks a centre can take per day for one work type: qualified workers' available hours × measured
 * throughput, floored to whole tasks, minus work already committed. Committed work given as one number is
 * taken from the earliest days first (it is due first); as an array it is per day.
 */
export function capacityFromHours(
  hoursPerDay: readonly number[],
  tasksPerHour: number,
  committedTasks: number | readonly number[] = 0,
): number[] {
  const gross = hoursPerDay.map((h) => Math.max(0, Math.floor(h * tasksPerHour + 1e-9)));
  if (typeof committedTasks !== 'number') {
    return gross.map((g, i) => Math.max(0, g - (committedTasks[i] ?? 0)));
  }
  let left = committedTasks;
  return gross.map((g) => {
    const used = Math.min(g, left);
    left -= used;
    return g - used;
  });
}
