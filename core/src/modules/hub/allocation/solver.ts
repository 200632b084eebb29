/**
 * The allocation solver: minimum cost that meets every deadline, then balanced load, solved by HiGHS.
 *
 * Variables: x[o,c] tasks of order o done by centre c (one per order × centre taking its work type);
 *   u[c,w,k] ≥ 0 capacity of centre c for work type w left unused at the k-th deadline of w (carried forward).
 * Constraints: Σ_c x[o,c] = tasks(o)                                            (conservation)
 *   Σ_{o of w due at D_k} x[o,c] + u[c,w,k] − u[c,w,k−1] = cap(c,w, D_{k−1} < day ≤ D_k)   (deadlines)
 *     — i.e. work due by D_k ≤ capacity until D_k for every k: exactly the condition for an
 *     earliest-deadline-first schedule to exist, with one row per deadline instead of per day;
 *   Σ_o price(c,w(o))·x[o,c] ≤ remaining budget(c);  x[o,c] = fixed share where the hub edited it.
 * Objective, lexicographic (cost is what the hub and client pay; balance is a preference, not worth yen):
 *   1. min Σ price·x  → C*.
 *   2. min Σ_g L_g over groups g = (work type, price): L_g ≥ used/capacity of every centre of g until the
 *      type's last deadline, subject to cost ≤ C*·(1+costSlack). One global max-load would be pinned at
 *      100 % by the cheapest centre (min cost fills it) and then balance nothing; per price group it
 *      spreads work evenly among centres the cost objective is indifferent between.
 * Integers: small instances use the same model as a MIP (exact); large ones round the LP (largest
 *   remainder, then cheapest centre with room), falling back to the MIP if rounding cannot place a task.
 * Infeasible: max Σ x with Σ_c x[o,c] ≤ tasks(o) (MIP); shortfall(o) = tasks(o) − placed(o).
 */
import { explain, loadsOf } from './explain.js';
import { LpBuilder, solveLp } from './lp.js';
import { type AllocationModel, buildModel } from './model.js';
import type { AllocationInput, AllocationOptions, AllocationResult, AllocationShare } from './types.js';

type Phase = 'maxPlace' | 'minCost' | 'balance';

function buildLp(
  m: AllocationModel,
  phase: Phase,
  integer: boolean,
  costCap = Infinity,
  atZero?: (pair: number) => boolean,
): LpBuilder {
  const lp = new LpBuilder();
  const { input, pairs, segments } = m;
  const orderRow = input.orders.map((o) =>
    phase === 'maxPlace' ? lp.addRow(0, o.tasks) : lp.addRow(o.tasks, o.tasks),
  );
  const segRow = segments.map((s) => {
    const first = lp.rowLower.length;
    for (const cap of s.intervalCap) lp.addRow(cap, cap);
    return first;
  });
  const budgetRow = input.centres.map((c, ci) =>
    c.remainingBudgetYen !== null && m.centrePairs[ci]!.length > 0
      ? lp.addRow(-Infinity, c.remainingBudgetYen)
      : -1,
  );
  // Balance rows: u_K + cumCap_K·L_g ≥ cumCap_K  ⇔  used_K / cumCap_K ≤ L_g.
  const balRow: number[][] = [];
  const groupRows = new Map<string, number[]>();
  if (phase === 'balance') {
    segments.forEach((s, si) => {
      const key = `${s.workType}\u0000${s.price}`;
      const rows = groupRows.get(key) ?? [];
      groupRows.set(key, rows);
      // Load = share of capacity used until the type's last deadline (utilisation over the period). A row
      // per deadline was tried: L_g is then set by whichever early deadline is tightest and the bench's
      // within-group imbalance stayed at greedy's level (0.047 vs 0.014 with this row alone).
      const last = s.cumCap.length - 1;
      balRow[si] = s.cumCap.map((cum, k) => {
        if (cum === 0 || k !== last) return -1;
        const r = lp.addRow(cum, Infinity);
        rows.push(r, cum);
        return r;
      });
    });
  }
  const costRow = phase === 'balance' ? lp.addRow(-Infinity, costCap) : -1;

  pairs.forEach((p, pi) => {
    const o = input.orders[p.order]!;
    const entries = [orderRow[p.order]!, 1, segRow[p.segment]! + p.k, 1];
    const b = budgetRow[p.centre]!;
    if (b >= 0 && p.price !== 0) entries.push(b, p.price);
    if (costRow >= 0 && p.price !== 0) entries.push(costRow, p.price);
    const cost = phase === 'minCost' ? p.price : phase === 'maxPlace' ? 1 : 0;
    const upper = p.fixed ?? (atZero?.(pi) ? 0 : o.tasks);
    lp.addCol(cost, p.fixed ?? 0, upper, entries, integer);
  });
  segments.forEach((s, si) => {
    for (let k = 0; k < s.intervalCap.length; k++) {
      const entries = [segRow[si]! + k, 1];
      if (k + 1 < s.intervalCap.length) entries.push(segRow[si]! + k + 1, -1);
      const br = balRow[si]?.[k] ?? -1;
      if (br >= 0) entries.push(br, 1);
      lp.addCol(0, 0, Infinity, entries);
    }
  });
  for (const rows of groupRows.values()) if (rows.length) lp.addCol(1, 0, 1, rows);
  return lp;
}

export async function solveAllocation(
  input: AllocationInput,
  options: AllocationOptions = {},
): Promise<AllocationResult> {
  const phaseMs: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    phaseMs[name] = Math.round(now - t0);
    t0 = now;
  };
  const m = buildModel(input);
  lap('model');
  const mode = options.integer ?? 'auto';
  const mip = mode === 'mip' || (mode === 'auto' && m.pairs.length <= (options.exactMaxPairs ?? 400));
  const limit = options.timeLimitSeconds;
  const lpOpts = { mip, integerObjective: true, ...(limit ? { timeLimitSeconds: limit } : {}) };

  const lp1 = buildLp(m, 'minCost', mip);
  const p1 = await solveLp(lp1, 'min', lpOpts);
  lap('minCost');
  if (p1.status === 'infeasible') return shortfall(m, limit);
  if (p1.status === 'stopped')
    throw new Error(`HiGHS stopped (model status ${p1.reason}) before the minimum cost`);
  // Costs are integer yen, so the LP bound rounds up; the MIP objective is an integer up to tolerance.
  // The LP's own tolerance (~1e-7 relative) is allowed for so the bound stays a true lower bound.
  const lowerBound = mip
    ? Math.round(p1.objective)
    : Math.ceil(p1.objective - 1e-6 - 1e-7 * Math.abs(p1.objective));
  let x = p1.x;
  if (options.balance ?? true) {
    const slack = options.costSlack ?? 0;
    const cap = mip
      ? Math.floor(lowerBound * (1 + slack) + 1e-9) + 0.5
      : p1.objective * (1 + slack) + 1e-7 * Math.max(1, p1.objective);
    // Complementary slackness: with the cost held at its minimum, a pair whose phase-1 reduced cost is
    // positive is 0 in every optimal solution, so phase 2 only re-divides the zero-reduced-cost pairs.
    // That removes most columns before HiGHS sees them (the full balance LP took 15–30 s on the bench).
    const rc = slack === 0 ? p1.reducedCost : null;
    const atZero = rc ? (pi: number) => rc[pi]! > 1e-6 && p1.x[pi]! < 1e-9 : undefined;
    // Balance is a preference: if its (MIP) solve runs out of time, the phase-1 minimum cost still stands.
    const p2 = await solveLp(buildLp(m, 'balance', mip, cap, atZero), 'min', {
      ...lpOpts,
      integerObjective: false,
      timeLimitSeconds: Math.min(limit ?? Infinity, options.balanceTimeLimitSeconds ?? 30),
    });
    if (p2.status === 'optimal') x = p2.x;
    lap('balance');
  }

  let method: 'mip' | 'round' | 'round+mip-repair' = mip ? 'mip' : 'round';
  let tasks: number[] | null = mip ? m.pairs.map((_, i) => Math.round(x[i]!)) : roundAllocation(m, x);
  if (!tasks) {
    // Rounding could not place every task (budget or capacity fragmentation): solve the exact integer model.
    const exact = await solveLp(buildLp(m, 'minCost', true), 'min', lpOpts);
    if (exact.status !== 'optimal') throw new Error(`integer repair failed (status ${exact.status})`);
    tasks = m.pairs.map((_, i) => Math.round(exact.x[i]!));
    method = 'round+mip-repair';
  }
  lap('integer');

  const shares: AllocationShare[] = [];
  let costYen = 0;
  m.pairs.forEach((p, i) => {
    const t = tasks[i]!;
    if (t === 0) return;
    costYen += t * p.price;
    shares.push({
      orderId: input.orders[p.order]!.id,
      centreId: input.centres[p.centre]!.id,
      tasks: t,
      costYen: t * p.price,
    });
  });
  const loads = loadsOf(m, tasks);
  const explanations = explain(m, tasks);
  lap('explain');
  return {
    feasible: true,
    shares,
    costYen,
    lowerBoundYen: lowerBound,
    method,
    loads,
    explanations,
    stats: { variables: lp1.colCost.length, constraints: lp1.rowLower.length, phaseMs },
  };
}

async function shortfall(m: AllocationModel, limit?: number): Promise<AllocationResult> {
  const res = await solveLp(buildLp(m, 'maxPlace', true), 'max', {
    mip: true,
    integerObjective: true,
    ...(limit ? { timeLimitSeconds: limit } : {}),
  });
  // Fixed shares were checked to fit on their own, so x = fixed is feasible: this cannot be infeasible.
  if (res.status !== 'optimal') throw new Error('maximum placement failed');
  const placed = m.input.orders.map(() => 0);
  m.pairs.forEach((p, i) => {
    placed[p.order]! += Math.round(res.x[i]!);
  });
  const rows = m.input.orders
    .map((o, oi) => ({ orderId: o.id, tasks: o.tasks - placed[oi]! }))
    .filter((r) => r.tasks > 0);
  const total = rows.reduce((a, r) => a + r.tasks, 0);
  const placedTasks = placed.reduce((a, b) => a + b, 0);
  const list = rows.map((r) => `${r.orderId}: ${r.tasks}`).join(', ');
  return {
    feasible: false,
    shortfall: rows,
    totalShortfall: total,
    placedTasks,
    message: {
      ja: `納期までに処理できないタスクが ${total} 件あります（${list}）。最大 ${placedTasks} 件まで配分できます。`,
      en: `${total} tasks cannot be done by their deadlines (${list}); at most ${placedTasks} tasks can be placed.`,
    },
  };
}

/**
 * Largest-remainder rounding with repair. Floors never break a ≤ row; the remainder of each order (earliest
 * deadline first, since its work competes for the scarcest capacity) goes one task at a time to the pairs
 * with the largest fractional parts, then to the cheapest centres with room. null = could not place.
 */
export function roundAllocation(m: AllocationModel, x: ArrayLike<number>): number[] | null {
  const { pairs, segments, input } = m;
  const tasks = pairs.map((p, i) => p.fixed ?? Math.max(0, Math.floor(x[i]! + 1e-6)));
  const slack = segments.map((s) => s.cumCap.slice());
  segments.forEach((s, si) => {
    const sl = slack[si]!;
    for (const p of s.pairs) for (let k = pairs[p]!.k; k < sl.length; k++) sl[k]! -= tasks[p]!;
  });
  const budget = input.centres.map((c) => c.remainingBudgetYen ?? Infinity);
  pairs.forEach((p, i) => {
    budget[p.centre]! -= tasks[i]! * p.price;
  });
  if (slack.some((sl) => sl.some((v) => v < 0)) || budget.some((b) => b < 0)) return null;

  const room = (pi: number) => {
    const p = pairs[pi]!;
    const sl = slack[p.segment]!;
    let r = Infinity;
    for (let k = p.k; k < sl.length; k++) r = Math.min(r, sl[k]!);
    if (p.price > 0) r = Math.min(r, Math.floor(budget[p.centre]! / p.price));
    return r;
  };
  const add = (pi: number, n: number) => {
    const p = pairs[pi]!;
    tasks[pi]! += n;
    const sl = slack[p.segment]!;
    for (let k = p.k; k < sl.length; k++) sl[k]! -= n;
    budget[p.centre]! -= n * p.price;
  };

  const order = input.orders.map((_, i) => i).sort((a, b) => m.orderK[a]! - m.orderK[b]! || a - b);
  for (const oi of order) {
    const own = m.orderPairs[oi]!.filter((pi) => pairs[pi]!.fixed === null);
    let left = input.orders[oi]!.tasks - m.orderPairs[oi]!.reduce((a, pi) => a + tasks[pi]!, 0);
    const frac = own
      .map((pi) => ({ pi, f: x[pi]! - Math.floor(x[pi]! + 1e-6) }))
      .filter((e) => e.f > 1e-6)
      .sort((a, b) => b.f - a.f || pairs[a.pi]!.price - pairs[b.pi]!.price);
    for (const { pi } of frac) {
      if (left === 0) break;
      if (room(pi) >= 1) {
        add(pi, 1);
        left--;
      }
    }
    if (left > 0) {
      for (const pi of own.sort((a, b) => pairs[a]!.price - pairs[b]!.price)) {
        const n = Math.min(left, room(pi));
        if (n > 0) add(pi, n);
        left -= Math.max(0, n);
        if (left === 0) break;
      }
    }
    if (left !== 0) return null;
  }
  return tasks;
}
