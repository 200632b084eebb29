import { AllocationInputError, capacityFromHours, solveAllocation } from '../allocation/index.js';
import type { CentreCapacity } from './centre-capacity.js';
import type { Proposal, ProposalCentre } from './sharing.schemas.js';

/** A centre that may take part in a share: who it is, what it charges per task, what it can do. */
export interface CentreFacts {
  tenantId: string;
  slug: string;
  nameJa: string;
  nameEn: string;
  isHub: boolean;
  unitPrice: number;
  capacity: CentreCapacity;
}

export interface ShareDemand {
  id: string;
  workType: string;
  tasks: number;
  /** Horizon: first and last Tokyo date (inclusive), and its length in days (0 when the deadline is past). */
  from: string;
  to: string;
  days: number;
  /** Shares the hub set by hand: tenant id → tasks. */
  fixed: Record<string, number>;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

const NO_CAPACITY = {
  ja: 'この期限までに作業できる有資格ワーカーの時間がありません。',
  en: 'No qualified worker hours before the deadline.',
};

/**
 * The proposal the hub sees: each centre's capacity until the deadline (qualified workers' hours × pace,
 * net of committed work), the solver's minimum-cost balanced split, and why each centre got its share.
 * An impossible deadline is a proposal too: it says how many tasks cannot be done in time.
 */
export async function buildProposal(centres: readonly CentreFacts[], demand: ShareDemand): Promise<Proposal> {
  const daily = centres.map((c) =>
    demand.days > 0
      ? capacityFromHours(c.capacity.hoursPerDay, c.capacity.tasksPerHour, c.capacity.committedTasks)
      : [],
  );
  const view = (c: CentreFacts, i: number, tasks: number, explanation: ProposalCentre['explanation']) => ({
    tenantId: c.tenantId,
    slug: c.slug,
    nameJa: c.nameJa,
    nameEn: c.nameEn,
    isHub: c.isHub,
    tasks,
    unitPrice: c.unitPrice,
    costYen: tasks * c.unitPrice,
    qualifiedWorkers: c.capacity.qualifiedWorkers,
    workersWithoutHours: c.capacity.workersWithoutHours,
    availableHours: round1(c.capacity.hoursPerDay.reduce((a, b) => a + b, 0)),
    tasksPerHour: round1(c.capacity.tasksPerHour),
    throughputMeasured: c.capacity.throughputMeasured,
    committedTasks: c.capacity.committedTasks,
    capacityTasks: daily[i]!.reduce((a, b) => a + b, 0),
    budgetLeftYen: c.capacity.budgetLeftYen,
    fixed: demand.fixed[c.tenantId] !== undefined,
    explanation,
  });
  const horizon = { from: demand.from, to: demand.to, days: Math.max(0, demand.days) };

  if (demand.days <= 0) {
    return {
      feasible: false,
      costYen: 0,
      lowerBoundYen: null,
      totalShortfall: demand.tasks,
      message: {
        ja: `納期（${demand.to}）を過ぎているため配分できません。`,
        en: `The deadline (${demand.to}) has passed: nothing can be allocated.`,
      },
      horizon,
      centres: centres.map((c, i) => view(c, i, 0, NO_CAPACITY)),
    };
  }

  const result = await solveAllocation({
    horizonStart: demand.from,
    centres: centres.map((c, i) => ({
      id: c.tenantId,
      name: c.slug,
      pricePerTask: { [demand.workType]: c.unitPrice },
      remainingBudgetYen: c.capacity.budgetLeftYen,
      dailyCapacity: { [demand.workType]: daily[i]! },
    })),
    orders: [
      {
        id: demand.id,
        workType: demand.workType,
        tasks: demand.tasks,
        deadline: demand.to,
        ...(Object.keys(demand.fixed).length > 0 && { fixedShares: demand.fixed }),
      },
    ],
  });

  if (!result.feasible) {
    return {
      feasible: false,
      costYen: 0,
      lowerBoundYen: null,
      totalShortfall: result.totalShortfall,
      message: {
        ja: `納期（${demand.to}）までに処理できないタスクが ${result.totalShortfall} 件あります。最大 ${result.placedTasks} 件まで配分できます。`,
        en: `${result.totalShortfall} tasks cannot be done by the deadline (${demand.to}); at most ${result.placedTasks} can be placed.`,
      },
      horizon,
      centres: centres.map((c, i) =>
        view(c, i, 0, daily[i]!.some((d) => d > 0) ? { ja: '', en: '' } : NO_CAPACITY),
      ),
    };
  }
  const shares = new Map(result.shares.map((s) => [s.centreId, s.tasks]));
  // One work type per share: the solver's "<work type>: " prefix says nothing here.
  const prefix = `${demand.workType}: `;
  const why = new Map(
    result.explanations.map((e) => {
      const text = e.workTypes[0]?.text ?? { ja: '', en: '' };
      return [e.centreId, { ja: text.ja.replace(prefix, ''), en: text.en.replace(prefix, '') }];
    }),
  );
  return {
    feasible: true,
    costYen: result.costYen,
    lowerBoundYen: result.lowerBoundYen,
    totalShortfall: 0,
    message: null,
    horizon,
    centres: centres.map((c, i) =>
      view(c, i, shares.get(c.tenantId) ?? 0, why.get(c.tenantId) ?? NO_CAPACITY),
    ),
  };
}

export { AllocationInputError };
