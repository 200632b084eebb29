import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForce, matrixOf, rng, smallInstance, violations } from './brute-force.test-support.js';
import { solveAllocation } from './solver.js';
import {
  type AllocationInput,
  AllocationInputError,
  type AllocationResult,
  capacityFromHours,
} from './types.js';

const SEEDS = Array.from({ length: 40 }, (_, i) => 1000 + i);

function expectValid(input: AllocationInput, r: AllocationResult) {
  if (!r.feasible) throw new Error(r.message.en);
  expect(violations(input, matrixOf(input, r.shares))).toEqual([]);
  expect(r.costYen).toBe(r.shares.reduce((a, s) => a + s.costYen, 0));
  expect(r.costYen).toBeGreaterThanOrEqual(r.lowerBoundYen);
}

describe('allocation solver against brute force', () => {
  it.each(SEEDS)('seed %i: optimal cost, or the exact shortfall', async (seed) => {
    const input = smallInstance(seed, 4);
    const brute = bruteForce(input);
    const r = await solveAllocation(input);
    const demand = input.orders.reduce((a, o) => a + o.tasks, 0);
    if (brute.minCost === null) {
      expect(r.feasible).toBe(false);
      if (r.feasible) return;
      expect(r.totalShortfall).toBe(demand - brute.maxPlaced);
      expect(r.placedTasks).toBe(brute.maxPlaced);
      // The per-order split is one maximum placement: placing exactly tasks − shortfall must itself be feasible.
      const reduced = {
        ...input,
        orders: input.orders.map((o) => ({
          ...o,
          tasks: o.tasks - (r.shortfall.find((s) => s.orderId === o.id)?.tasks ?? 0),
        })),
      };
      expect(bruteForce(reduced).minCost).not.toBeNull();
    } else {
      expectValid(input, r);
      if (r.feasible) expect(r.costYen).toBe(brute.minCost);
    }
  });

  it.each(SEEDS.slice(0, 20))(
    'seed %i: the LP-rounding path stays valid and near the optimum',
    async (seed) => {
      const input = smallInstance(seed, 4);
      const brute = bruteForce(input);
      const r = await solveAllocation(input, { integer: 'round' });
      if (brute.minCost === null) {
        expect(r.feasible).toBe(false);
        if (!r.feasible) expect(r.placedTasks).toBe(brute.maxPlaced);
        return;
      }
      expectValid(input, r);
      if (r.feasible) {
        expect(r.lowerBoundYen).toBeLessThanOrEqual(brute.minCost);
        expect(r.costYen).toBeGreaterThanOrEqual(brute.minCost);
      }
    },
  );
});

describe('property: both integer paths agree with brute force (fast-check)', () => {
  it('cost equals the optimum (MIP), never below it (rounding), shortfall exact', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 5000, max: 1_000_000 }), fc.boolean(), async (seed, budgets) => {
        const input = smallInstance(seed, 3, budgets);
        const brute = bruteForce(input);
        const demand = input.orders.reduce((a, o) => a + o.tasks, 0);
        for (const integer of ['mip', 'round'] as const) {
          const r = await solveAllocation(input, { integer });
          if (brute.minCost === null) {
            expect(r).toMatchObject({ feasible: false, totalShortfall: demand - brute.maxPlaced });
            continue;
          }
          expectValid(input, r);
          if (r.feasible && integer === 'mip') expect(r.costYen).toBe(brute.minCost);
          if (r.feasible) expect(r.lowerBoundYen).toBeLessThanOrEqual(brute.minCost);
        }
      }),
      { numRuns: 40, seed: 8 },
    );
  });
});

describe('infeasible deadlines', () => {
  it('reports the shortfall in tasks per order, in both languages', async () => {
    const input: AllocationInput = {
      horizonStart: '2026-12-01',
      centres: [
        {
          id: 'hub',
          name: 'Shiojiri',
          pricePerTask: { scan: 10 },
          remainingBudgetYen: null,
          dailyCapacity: { scan: [5, 5, 5] },
        },
        {
          id: 'mat',
          name: 'Matsumoto',
          pricePerTask: { scan: 12 },
          remainingBudgetYen: 24,
          dailyCapacity: { scan: [5, 5, 5] },
        },
      ],
      orders: [
        { id: 'early', workType: 'scan', tasks: 9, deadline: '2026-12-01' },
        { id: 'late', workType: 'scan', tasks: 10, deadline: '2026-12-03' },
        { id: 'none', workType: 'kitting', tasks: 4, deadline: '2026-12-03' },
      ],
    };
    const r = await solveAllocation(input);
    expect(r.feasible).toBe(false);
    if (r.feasible) return;
    // Day 1: hub 5 + Matsumoto 2 (budget ¥24) = 7 of 9; nobody does kitting. The late order fits.
    expect(r.shortfall).toEqual([
      { orderId: 'early', tasks: 2 },
      { orderId: 'none', tasks: 4 },
    ]);
    expect(r.totalShortfall).toBe(6);
    expect(r.message.en).toContain('6 tasks cannot be done');
    expect(r.message.ja).toContain('6 件');
  });

  it('matches the brute-force maximum placement on 15 infeasible random instances', async () => {
    let checked = 0;
    for (let seed = 2000; checked < 15 && seed < 2400; seed++) {
      const input = smallInstance(seed, 4);
      const brute = bruteForce(input);
      if (brute.minCost !== null) continue;
      checked++;
      const r = await solveAllocation(input);
      const demand = input.orders.reduce((a, o) => a + o.tasks, 0);
      expect(r).toMatchObject({
        feasible: false,
        totalShortfall: demand - brute.maxPlaced,
        placedTasks: brute.maxPlaced,
      });
      if (!r.feasible) expect(r.shortfall.reduce((a, s) => a + s.tasks, 0)).toBe(r.totalShortfall);
    }
    expect(checked).toBe(15);
  });

  it('a deadline before the horizon has no capacity at all', async () => {
    const r = await solveAllocation({
      horizonStart: '2026-12-05',
      centres: [
        {
          id: 'a',
          name: 'A',
          pricePerTask: { s: 1 },
          remainingBudgetYen: null,
          dailyCapacity: { s: [9, 9] },
        },
      ],
      orders: [{ id: 'o', workType: 's', tasks: 3, deadline: '2026-12-01' }],
    });
    expect(r).toMatchObject({ feasible: false, shortfall: [{ orderId: 'o', tasks: 3 }] });
  });
});

describe('constraints on larger random instances (LP + rounding)', () => {
  it.each([7, 8, 9])('seed %i: capacity, budget and deadlines hold, tasks conserved', async (seed) => {
    const r0 = rng(seed);
    const int = (lo: number, hi: number) => lo + Math.floor(r0() * (hi - lo + 1));
    const start = '2026-12-01';
    const day = (d: number) =>
      new Date(Date.parse(`${start}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
    const input: AllocationInput = {
      horizonStart: start,
      centres: Array.from({ length: 60 }, (_, i) => ({
        id: `c${i}`,
        name: `C${i}`,
        pricePerTask: { scan: int(20, 26), label: int(30, 34) },
        remainingBudgetYen: r0() < 0.3 ? int(500, 3000) : null,
        dailyCapacity: {
          scan: Array.from({ length: 20 }, () => int(0, 12)),
          label: Array.from({ length: 20 }, () => int(0, 7)),
        },
      })),
      orders: Array.from({ length: 8 }, (_, i) => ({
        id: `o${i}`,
        workType: i % 2 ? 'label' : 'scan',
        tasks: int(200, 900),
        deadline: day(int(3, 19)),
      })),
    };
    const r = await solveAllocation(input, { integer: 'round' });
    expectValid(input, r);
    if (r.feasible) {
      expect(r.method).not.toBe('mip');
      expect(r.costYen / r.lowerBoundYen).toBeLessThan(1.01);
    }
  });
});

describe('hub edits', () => {
  it.each(SEEDS.slice(0, 15))('seed %i: fixed shares are kept and the rest re-optimised', async (seed) => {
    const base = smallInstance(seed, 4, false);
    const first = await solveAllocation(base);
    if (!first.feasible || first.shares.length === 0) return;
    // The hub moves one task of the first order to another centre that takes the work type.
    const order = base.orders[0]!;
    const other = base.centres.find(
      (c) =>
        c.pricePerTask[order.workType] !== undefined &&
        !first.shares.some((s) => s.orderId === order.id && s.centreId === c.id),
    );
    const edited: AllocationInput = {
      ...base,
      orders: base.orders.map((o, i) => (i === 0 && other ? { ...o, fixedShares: { [other.id]: 1 } } : o)),
    };
    const brute = bruteForce(edited);
    const r: AllocationResult | Error = await solveAllocation(edited).catch((e: Error) => e);
    if (r instanceof AllocationInputError) {
      // The edit alone does not fit that centre: refused up front, and indeed no allocation contains it.
      expect(brute.minCost).toBeNull();
      return;
    }
    if (r instanceof Error) throw r;
    if (brute.minCost === null) {
      expect(r.feasible).toBe(false);
      return;
    }
    expectValid(edited, r);
    if (r.feasible) expect(r.costYen).toBe(brute.minCost);
  });

  it('refuses fixed shares that alone break capacity or budget, saying which', async () => {
    const input: AllocationInput = {
      horizonStart: '2026-12-01',
      centres: [
        { id: 'a', name: 'A', pricePerTask: { s: 10 }, remainingBudgetYen: 30, dailyCapacity: { s: [2, 2] } },
      ],
      orders: [{ id: 'o', workType: 's', tasks: 5, deadline: '2026-12-02', fixedShares: { a: 5 } }],
    };
    const err = await solveAllocation(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AllocationInputError);
    expect((err as AllocationInputError).problems.map((p) => p.en).join('\n')).toMatch(
      /capacity of 4 tasks.*\n.*budget/s,
    );
  });
});

describe('balance and explanations', () => {
  it('splits work evenly between centres of the same price and explains every share', async () => {
    const input: AllocationInput = {
      horizonStart: '2026-12-01',
      centres: [
        {
          id: 'cheap',
          name: 'Cheap',
          pricePerTask: { s: 9 },
          remainingBudgetYen: null,
          dailyCapacity: { s: [10, 10] },
        },
        {
          id: 'big',
          name: 'Big',
          pricePerTask: { s: 10 },
          remainingBudgetYen: null,
          dailyCapacity: { s: [40, 40] },
        },
        {
          id: 'small',
          name: 'Small',
          pricePerTask: { s: 10 },
          remainingBudgetYen: null,
          dailyCapacity: { s: [10, 10] },
        },
        {
          id: 'costly',
          name: 'Costly',
          pricePerTask: { s: 15 },
          remainingBudgetYen: null,
          dailyCapacity: { s: [50, 50] },
        },
      ],
      orders: [{ id: 'o', workType: 's', tasks: 70, deadline: '2026-12-02' }],
    };
    for (const integer of ['mip', 'round'] as const) {
      const r = await solveAllocation(input, { integer });
      expectValid(input, r);
      if (!r.feasible) return;
      const got = Object.fromEntries(r.shares.map((s) => [s.centreId, s.tasks]));
      // 20 at ¥9, then 50 at ¥10 spread in proportion to capacity: 40 / 80 and 10 / 20 = 50 % each.
      expect(got).toEqual({ cheap: 20, big: 40, small: 10 });
      const why = Object.fromEntries(r.explanations.map((e) => [e.centreId, e.workTypes[0]!]));
      expect(why.cheap).toMatchObject({ cappedBy: 'capacity', priceRank: 1, capacityUsed: 1 });
      expect(why.big).toMatchObject({ cappedBy: 'balance', priceRank: 2, capacityUsed: 0.5 });
      expect(why.costly).toMatchObject({ tasks: 0, cappedBy: 'demand', priceRank: 4 });
      for (const s of r.shares) {
        const e = r.explanations.find((x) => x.centreId === s.centreId);
        expect(e?.tasks).toBeGreaterThan(0);
        expect(e?.workTypes[0]?.text.ja).toMatch(/単価/);
        expect(e?.workTypes[0]?.text.en).toMatch(/price rank/);
      }
      expect(r.loads.find((l) => l.centreId === 'big')?.byDeadline.at(-1)).toMatchObject({
        usedTasks: 40,
        capacityTasks: 80,
      });
    }
  });

  it('explains a budget cap', async () => {
    const r = await solveAllocation({
      horizonStart: '2026-12-01',
      centres: [
        { id: 'a', name: 'A', pricePerTask: { s: 10 }, remainingBudgetYen: 35, dailyCapacity: { s: [9] } },
        { id: 'b', name: 'B', pricePerTask: { s: 12 }, remainingBudgetYen: null, dailyCapacity: { s: [9] } },
      ],
      orders: [{ id: 'o', workType: 's', tasks: 6, deadline: '2026-12-01' }],
    });
    if (!r.feasible) throw new Error('expected feasible');
    const a = r.explanations.find((e) => e.centreId === 'a')!;
    expect(a).toMatchObject({ tasks: 3, budgetLeftYen: 5 });
    expect(a.workTypes[0]).toMatchObject({ cappedBy: 'budget' });
    expect(a.workTypes[0]!.text.en).toContain('¥5 left');
  });

  it('every centre that got work has explanation data, on random instances', async () => {
    for (const seed of SEEDS) {
      const input = smallInstance(seed, 4);
      const r = await solveAllocation(input);
      if (!r.feasible) continue;
      for (const s of r.shares) {
        const e = r.explanations.find((x) => x.centreId === s.centreId);
        expect(e?.workTypes.some((w) => w.tasks > 0 && w.text.ja && w.text.en)).toBe(true);
      }
    }
  });
});

describe('capacityFromHours', () => {
  it('floors hours × throughput and takes committed work from the earliest days', () => {
    expect(capacityFromHours([4.5, 3, 0, 5], 2.5, 13)).toEqual([0, 5, 0, 12]);
    expect(capacityFromHours([4.5, 3], 2.5, [1, 10])).toEqual([10, 0]);
  });
});
