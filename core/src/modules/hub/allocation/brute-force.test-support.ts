/**
 * Test support: an independent checker (day-by-day earliest-deadline-first simulation, not the solver's
 * cumulative rows) and a brute force that enumerates every integer allocation of a small instance.
 */
import { dayIndex } from './model.js';
import type { AllocationCentre, AllocationInput, AllocationOrder } from './types.js';

export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const START = '2026-12-01';
const date = (d: number) =>
  new Date(Date.parse(`${START}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);

export function smallInstance(seed: number, maxTasks = 6, withBudget = true): AllocationInput {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const types = int(1, 2) === 1 ? ['scan'] : ['scan', 'label'];
  const centres: AllocationCentre[] = Array.from({ length: int(2, 3) }, (_, i) => {
    const pricePerTask: Record<string, number> = {};
    const dailyCapacity: Record<string, number[]> = {};
    for (const w of types) {
      if (r() < 0.85) {
        pricePerTask[w] = int(8, 11); // narrow range: ties exercise the balancing phase
        dailyCapacity[w] = Array.from({ length: 4 }, () => int(0, 3));
      }
    }
    return {
      id: `c${i}`,
      name: `Centre ${i}`,
      pricePerTask,
      remainingBudgetYen: withBudget && r() < 0.5 ? int(10, 80) : null,
      dailyCapacity,
    };
  });
  const orders: AllocationOrder[] = Array.from({ length: int(1, 3) }, (_, i) => ({
    id: `o${i}`,
    workType: types[int(0, types.length - 1)]!,
    tasks: int(1, maxTasks),
    deadline: date(int(0, 3)),
  }));
  return { horizonStart: START, centres, orders };
}

/** Tasks per order per centre; null if not a valid allocation (deadline, capacity or budget broken). */
export function violations(input: AllocationInput, x: number[][], exact = true): string[] {
  const out: string[] = [];
  input.orders.forEach((o, oi) => {
    const sum = x[oi]!.reduce((a, b) => a + b, 0);
    if (exact && sum !== o.tasks) out.push(`${o.id}: ${sum} of ${o.tasks} tasks`);
    if (!exact && sum > o.tasks) out.push(`${o.id}: ${sum} > ${o.tasks}`);
    for (const [ci, t] of x[oi]!.entries()) {
      if (!Number.isInteger(t) || t < 0) out.push(`${o.id}: bad count ${t}`);
      const c = input.centres[ci]!;
      if (t > 0 && c.pricePerTask[o.workType] === undefined) out.push(`${c.id} does not take ${o.workType}`);
      const f = o.fixedShares?.[c.id];
      if (f !== undefined && f !== t) out.push(`${o.id}@${c.id}: fixed ${f}, got ${t}`);
    }
  });
  input.centres.forEach((c, ci) => {
    let spend = 0;
    input.orders.forEach((o, oi) => {
      spend += x[oi]![ci]! * (c.pricePerTask[o.workType] ?? 0);
    });
    if (c.remainingBudgetYen !== null && spend > c.remainingBudgetYen) out.push(`${c.id}: over budget`);
    // Day by day, earliest deadline first: the schedule the centre would actually run.
    for (const w of new Set(input.orders.map((o) => o.workType))) {
      const pending = input.orders
        .map((o, oi) => ({ o, left: x[oi]![ci]! }))
        .filter((e) => e.o.workType === w && e.left > 0)
        .sort((a, b) => a.o.deadline.localeCompare(b.o.deadline));
      const days = c.dailyCapacity[w] ?? [];
      for (let d = 0; pending.some((e) => e.left > 0); d++) {
        let cap = days[d] ?? 0;
        for (const e of pending) {
          const n = Math.min(cap, e.left);
          e.left -= n;
          cap -= n;
        }
        const late = pending.find((e) => e.left > 0 && dayIndex(input.horizonStart, e.o.deadline) <= d);
        if (late || d > days.length) {
          out.push(`${c.id}: ${late?.o.id ?? w} late`);
          break;
        }
      }
    }
  });
  return out;
}

function* compositions(total: number, parts: number, fixed: (number | undefined)[]): Generator<number[]> {
  if (parts === 0) {
    if (total === 0) yield [];
    return;
  }
  const f = fixed[0];
  const range = f !== undefined ? [f] : Array.from({ length: total + 1 }, (_, i) => i);
  for (const v of range) {
    if (v > total) continue;
    for (const rest of compositions(total - v, parts - 1, fixed.slice(1))) yield [v, ...rest];
  }
}

/**
 * Every integer allocation: the minimum cost, and the maximum number of tasks that can be placed at all
 * (an extra "unplaced" part per order absorbs what does not fit).
 */
export function bruteForce(input: AllocationInput): { minCost: number | null; maxPlaced: number } {
  const n = input.centres.length;
  const options = input.orders.map((o) => {
    const fixed = input.centres.map(
      (c) => o.fixedShares?.[c.id] ?? (c.pricePerTask[o.workType] === undefined ? 0 : undefined),
    );
    return [...compositions(o.tasks, n + 1, [...fixed, undefined])];
  });
  let minCost: number | null = null;
  let maxPlaced = 0;
  const pick: number[][] = [];
  const walk = (oi: number) => {
    if (oi === input.orders.length) {
      const x = pick.map((p) => p.slice(0, n));
      if (violations(input, x, false).length) return;
      const placed = x.reduce((a, row) => a + row.reduce((s, v) => s + v, 0), 0);
      maxPlaced = Math.max(maxPlaced, placed);
      if (pick.every((p) => p[n] === 0)) {
        let cost = 0;
        input.orders.forEach((o, i) => {
          input.centres.forEach((c, ci) => {
            cost += x[i]![ci]! * (c.pricePerTask[o.workType] ?? 0);
          });
        });
        if (minCost === null || cost < minCost) minCost = cost;
      }
      return;
    }
    for (const p of options[oi]!) {
      pick.push(p);
      walk(oi + 1);
      pick.pop();
    }
  };
  walk(0);
  return { minCost, maxPlaced };
}

export function matrixOf(
  input: AllocationInput,
  shares: { orderId: string; centreId: string; tasks: number }[],
) {
  const x = input.orders.map(() => input.centres.map(() => 0));
  const oi = new Map(input.orders.map((o, i) => [o.id, i]));
  const ci = new Map(input.centres.map((c, i) => [c.id, i]));
  for (const s of shares) x[oi.get(s.orderId)!]![ci.get(s.centreId)!]! += s.tasks;
  return x;
}
