/**
 * Hub allocation at national scale: 50 simultaneous orders (1,000,000 tasks, three work types, deadlines
 * spread over ~60 days) across 1,741 simulated centres (Japan's number of municipalities) with day-by-day
 * capacity. Prints time, peak memory, and the cost of the rounded integer allocation relative to the LP
 * optimum HiGHS proves (a lower bound on any integer allocation). A greedy cheapest-first allocation
 * (earliest deadline first, each order to the cheapest centres with room) is measured in the same run
 * as the baseline.
 *
 * Run: node --expose-gc --import tsx core/bench/allocation.bench.ts   (BENCH_ALLOC_CENTRES, BENCH_ALLOC_ORDERS)
 */
import { buildModel } from '../src/modules/hub/allocation/model.js';
import { solveAllocation } from '../src/modules/hub/allocation/solver.js';
import {
  type AllocationCentre,
  type AllocationInput,
  type AllocationOrder,
  capacityFromHours,
} from '../src/modules/hub/allocation/types.js';

const CENTRES = Number(process.env.BENCH_ALLOC_CENTRES ?? 1741);
const ORDERS = Number(process.env.BENCH_ALLOC_ORDERS ?? 50);
const TOTAL_TASKS = 1_000_000;
const DAYS = 63;
const START = '2027-01-04'; // a Monday

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const r = rng(20261125);
const uniform = (lo: number, hi: number) => lo + r() * (hi - lo);
const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const dateOf = (d: number) =>
  new Date(Date.parse(`${START}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);

/** Work types: tasks per worker-hour, base price in yen per task, share of centres that take the work. */
const TYPES = {
  annotation: { perHour: 4, price: 30, takenBy: 0.85 },
  'data-entry': { perHour: 5, price: 15, takenBy: 0.6 },
  lanelet: { perHour: 1, price: 280, takenBy: 0.25 },
} as const;
type WorkType = keyof typeof TYPES;

function makeCentres(): AllocationCentre[] {
  return Array.from({ length: CENTRES }, (_, i) => {
    // Log-normal size: median ~12 workers, a few with 100+; the hub (Shiojiri) has 150.
    const workers = i === 0 ? 150 : Math.max(2, Math.round(Math.exp(2.5 + 0.8 * gauss())));
    const pricePerTask: Record<string, number> = {};
    const dailyCapacity: Record<string, number[]> = {};
    const taken = (Object.keys(TYPES) as WorkType[]).filter((w) => i === 0 || r() < TYPES[w].takenBy);
    for (const w of taken) {
      const t = TYPES[w];
      pricePerTask[w] = Math.round(t.price * uniform(0.85, 1.3));
      // Hours per day of the workers qualified for w: weekdays only, 2–4.5 h each, some absent each day.
      const qualified = workers * uniform(0.3, 0.8);
      const hours = Array.from({ length: DAYS }, (_, d) =>
        d % 7 >= 5 ? 0 : qualified * uniform(0.3, 0.6) * uniform(2, 4.5),
      );
      const throughput = t.perHour * uniform(0.7, 1.2); // measured; newcomers would get the default
      // Most hours already go to each centre's own municipal work, due first: only the rest is shareable.
      const committed = Math.round(hours.reduce((a, h) => a + h, 0) * throughput * uniform(0.2, 0.6));
      dailyCapacity[w] = capacityFromHours(hours, throughput, committed);
    }
    return {
      id: `c${String(i).padStart(4, '0')}`,
      name: i === 0 ? 'Shiojiri (hub)' : `Centre ${i}`,
      pricePerTask,
      remainingBudgetYen: r() < 0.3 ? Math.round(uniform(0.2, 3) * 1_000_000) : null,
      dailyCapacity,
    };
  });
}

function makeOrders(): AllocationOrder[] {
  // Shares of the million tasks per type, roughly in proportion to what the network can do.
  const typeShare: Record<WorkType, number> = { annotation: 0.5, 'data-entry': 0.45, lanelet: 0.05 };
  const types = Object.keys(TYPES) as WorkType[];
  const raw = Array.from({ length: ORDERS }, (_, i) => {
    const workType = types[i % 3]!;
    const deadlineDay = Math.floor(uniform(14, DAYS - 1));
    // Bigger orders come with longer lead times.
    return { workType, weight: uniform(0.3, 1.7) * (deadlineDay / DAYS), deadlineDay };
  });
  const orders: AllocationOrder[] = [];
  let assigned = 0;
  for (const w of types) {
    const mine = raw.filter((o) => o.workType === w);
    const sum = mine.reduce((a, o) => a + o.weight, 0);
    for (const o of mine) {
      const tasks = Math.round((TOTAL_TASKS * typeShare[w] * o.weight) / sum);
      assigned += tasks;
      orders.push({ id: `o${orders.length}`, workType: w, tasks, deadline: dateOf(o.deadlineDay) });
    }
  }
  orders[0]!.tasks += TOTAL_TASKS - assigned; // exactly one million
  return orders;
}

/** Baseline: earliest deadline first, each order to the cheapest centres with room before its deadline. */
function greedy(input: AllocationInput): { costYen: number; unplaced: number; load: Map<string, number> } {
  const m = buildModel(input);
  const slack = m.segments.map((s) => s.cumCap.slice());
  const budget = input.centres.map((c) => c.remainingBudgetYen ?? Infinity);
  let costYen = 0;
  let unplaced = 0;
  const order = input.orders.map((_, i) => i).sort((a, b) => m.orderK[a]! - m.orderK[b]!);
  for (const oi of order) {
    let left = input.orders[oi]!.tasks;
    const pairs = m.orderPairs[oi]!.slice().sort((a, b) => m.pairs[a]!.price - m.pairs[b]!.price);
    for (const pi of pairs) {
      if (left === 0) break;
      const p = m.pairs[pi]!;
      const sl = slack[p.segment]!;
      let room = Math.floor(budget[p.centre]! / Math.max(1, p.price));
      for (let k = p.k; k < sl.length; k++) room = Math.min(room, sl[k]!);
      const n = Math.min(left, room);
      if (n <= 0) continue;
      for (let k = p.k; k < sl.length; k++) sl[k]! -= n;
      budget[p.centre]! -= n * p.price;
      costYen += n * p.price;
      left -= n;
    }
    unplaced += left;
  }
  const load = new Map<string, number>();
  m.segments.forEach((s, si) => {
    const last = s.cumCap.length - 1;
    const cap = s.cumCap[last]!;
    load.set(`${input.centres[s.centre]!.id}/${s.workType}`, cap === 0 ? 0 : (cap - slack[si]![last]!) / cap);
  });
  return { costYen, unplaced, load };
}

/**
 * Balance: mean absolute deviation of the load (share of capacity used until the last deadline) from the
 * mean of its price group (work type × price), over centres in groups of two or more. 0 = perfectly even.
 */
function imbalance(load: Map<string, number>): number {
  const groups = new Map<string, number[]>();
  for (const c of input.centres) {
    for (const [w, price] of Object.entries(c.pricePerTask)) {
      const l = load.get(`${c.id}/${w}`);
      if (l === undefined) continue;
      const g = groups.get(`${w}/${price}`) ?? [];
      g.push(l);
      groups.set(`${w}/${price}`, g);
    }
  }
  let dev = 0;
  let n = 0;
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const mean = g.reduce((a, b) => a + b, 0) / g.length;
    for (const l of g) dev += Math.abs(l - mean);
    n += g.length;
  }
  return n ? dev / n : 0;
}

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const memory = () => {
  gc?.();
  const u = process.memoryUsage();
  return `heap ${mb(u.heapUsed)}, external+wasm ${mb(u.external)}, rss ${mb(u.rss)}`;
};
if (!gc) console.warn('run with --expose-gc for comparable memory figures');

const input: AllocationInput = { horizonStart: START, centres: makeCentres(), orders: makeOrders() };
const capacity = Object.fromEntries(
  Object.keys(TYPES).map((w) => [
    w,
    input.centres.reduce((a, c) => a + (c.dailyCapacity[w]?.reduce((s, v) => s + v, 0) ?? 0), 0),
  ]),
);
const demand = Object.fromEntries(
  Object.keys(TYPES).map((w) => [
    w,
    input.orders.filter((o) => o.workType === w).reduce((a, o) => a + o.tasks, 0),
  ]),
);
console.log(
  `allocation: ${input.orders.length} orders, ${demand.annotation! + demand['data-entry']! + demand.lanelet!} tasks, ` +
    `${input.centres.length} centres × ${DAYS} days`,
);
console.log(
  `  demand by type ${JSON.stringify(demand)}; capacity over the horizon ${JSON.stringify(capacity)}`,
);
console.log(`  before: ${memory()}`);

let t = performance.now();
const base = greedy(input);
const greedyMs = performance.now() - t;

const peakBefore = process.resourceUsage().maxRSS;
t = performance.now();
const result = await solveAllocation(input);
const solveMs = performance.now() - t;
const peakAfter = process.resourceUsage().maxRSS;

if (!result.feasible) {
  console.log(`  infeasible: ${result.message.en}`);
} else {
  const ratio = result.costYen / result.lowerBoundYen;
  console.log(
    `  HiGHS model: ${result.stats.variables} variables, ${result.stats.constraints} constraints; method ${result.method}`,
  );
  console.log(`  phases (ms): ${JSON.stringify(result.stats.phaseMs)}`);
  console.log(
    `  solver:   ${(solveMs / 1000).toFixed(2)} s, cost ¥${result.costYen.toLocaleString('en-US')}`,
  );
  console.log(
    `  LP bound: ¥${result.lowerBoundYen.toLocaleString('en-US')} → rounded cost / LP optimum = ${ratio.toFixed(7)} (+¥${result.costYen - result.lowerBoundYen})`,
  );
  console.log(
    `  greedy:   ${(greedyMs / 1000).toFixed(2)} s, cost ¥${base.costYen.toLocaleString('en-US')}` +
      `${base.unplaced ? `, ${base.unplaced} tasks NOT placed by their deadlines` : ''}` +
      ` → greedy / LP optimum = ${(base.costYen / result.lowerBoundYen).toFixed(6)}`,
  );
  console.log(
    `  ratios: solver time / greedy time = ${(solveMs / greedyMs).toFixed(1)}; ` +
      `saving vs greedy ¥${(base.costYen - result.costYen).toLocaleString('en-US')}`,
  );
  const solverLoad = new Map(
    result.loads.map((l) => [`${l.centreId}/${l.workType}`, l.byDeadline.at(-1)?.fraction ?? 0]),
  );
  console.log(
    `  load imbalance within price groups (mean |load − group mean|): solver ${imbalance(solverLoad).toFixed(4)}, ` +
      `greedy ${imbalance(base.load).toFixed(4)} (centre × work types with work: solver ` +
      `${[...solverLoad.values()].filter((l) => l > 0).length}, greedy ${[...base.load.values()].filter((l) => l > 0).length})`,
  );
  const used = result.explanations.filter((e) => e.tasks > 0).length;
  const caps = result.explanations
    .flatMap((e) => e.workTypes)
    .reduce<Record<string, number>>((a, w) => {
      a[w.cappedBy] = (a[w.cappedBy] ?? 0) + 1;
      return a;
    }, {});
  console.log(`  centres with work ${used}; capped by ${JSON.stringify(caps)}`);
}
console.log(`  peak RSS ${mb(peakAfter * 1024)} (before solve ${mb(peakBefore * 1024)}); after: ${memory()}`);
