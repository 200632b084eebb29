import { type AllocationInput, AllocationInputError, type IsoDate, type Text } from './types.js';

/**
 * The index structure shared by the LP phases, the rounding and the explanations.
 *
 * Days are aggregated into deadline intervals per work type: interval k of a type runs from the day after
 * its (k-1)-th distinct order deadline to its k-th. A centre × work type is a "segment" holding the
 * capacity of each interval; a pair is one order × one segment (the only task-count variables).
 */
export interface Segment {
  centre: number;
  workType: string;
  price: number;
  /** Capacity inside each deadline interval of the type, and cumulative up to each deadline. */
  intervalCap: number[];
  cumCap: number[];
  pairs: number[];
}

export interface Pair {
  order: number;
  segment: number;
  centre: number;
  /** Index of the order's deadline among its type's deadlines. */
  k: number;
  price: number;
  fixed: number | null;
}

export interface TypeInfo {
  deadlines: IsoDate[];
  segments: number[];
}

export interface AllocationModel {
  input: AllocationInput;
  types: Map<string, TypeInfo>;
  orderK: number[];
  segments: Segment[];
  pairs: Pair[];
  orderPairs: number[][];
  centrePairs: number[][];
}

const DAY_MS = 86_400_000;
export function dayIndex(start: IsoDate, date: IsoDate): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS);
}

const isInt = (n: number) => Number.isInteger(n) && n >= 0;

export function validate(input: AllocationInput): void {
  const problems: Text[] = [];
  const say = (ja: string, en: string) => problems.push({ ja, en });
  const centres = new Map(input.centres.map((c) => [c.id, c]));
  if (centres.size !== input.centres.length) say('センターIDが重複しています', 'duplicate centre id');
  if (new Set(input.orders.map((o) => o.id)).size !== input.orders.length)
    say('案件IDが重複しています', 'duplicate order id');
  for (const c of input.centres) {
    for (const [w, p] of Object.entries(c.pricePerTask))
      if (!isInt(p))
        say(`${c.id}: ${w} の単価は0以上の整数円です`, `${c.id}: price for ${w} must be integer yen ≥ 0`);
    if (c.remainingBudgetYen !== null && !isInt(c.remainingBudgetYen))
      say(`${c.id}: 予算残は0以上の整数円です`, `${c.id}: remaining budget must be integer yen ≥ 0`);
    for (const [w, days] of Object.entries(c.dailyCapacity))
      if (!days.every(isInt))
        say(`${c.id}: ${w} の日次処理能力は0以上の整数です`, `${c.id}: ${w} capacity must be integers ≥ 0`);
  }
  for (const o of input.orders) {
    if (!isInt(o.tasks)) say(`${o.id}: タスク数は0以上の整数です`, `${o.id}: tasks must be an integer ≥ 0`);
    if (Number.isNaN(Date.parse(`${o.deadline}T00:00:00Z`)))
      say(`${o.id}: 納期が日付ではありません`, `${o.id}: bad deadline`);
    let fixedSum = 0;
    for (const [cid, t] of Object.entries(o.fixedShares ?? {})) {
      const c = centres.get(cid);
      if (!c)
        say(
          `${o.id}: 固定配分のセンター ${cid} がありません`,
          `${o.id}: fixed share for unknown centre ${cid}`,
        );
      else if (c.pricePerTask[o.workType] === undefined)
        say(`${o.id}: ${cid} は ${o.workType} を扱いません`, `${o.id}: ${cid} does not take ${o.workType}`);
      if (!isInt(t)) say(`${o.id}: 固定配分は0以上の整数です`, `${o.id}: fixed share must be an integer ≥ 0`);
      fixedSum += t;
    }
    if (fixedSum > o.tasks)
      say(
        `${o.id}: 固定配分の合計がタスク数を超えています`,
        `${o.id}: fixed shares exceed the order's tasks`,
      );
  }
  if (problems.length) throw new AllocationInputError(problems);
}

export function buildModel(input: AllocationInput): AllocationModel {
  validate(input);
  const types = new Map<string, TypeInfo>();
  for (const o of input.orders) {
    const t = types.get(o.workType) ?? { deadlines: [], segments: [] };
    if (!t.deadlines.includes(o.deadline)) t.deadlines.push(o.deadline);
    types.set(o.workType, t);
  }
  for (const t of types.values()) t.deadlines.sort();
  const orderK = input.orders.map((o) => types.get(o.workType)!.deadlines.indexOf(o.deadline));

  const segments: Segment[] = [];
  const segmentOf = new Map<string, number>(); // `${centre}\u0000${type}`
  input.centres.forEach((c, ci) => {
    for (const [w, info] of types) {
      const price = c.pricePerTask[w];
      if (price === undefined) continue;
      const days = c.dailyCapacity[w] ?? [];
      const intervalCap: number[] = [];
      const cumCap: number[] = [];
      let from = 0;
      let cum = 0;
      for (const d of info.deadlines) {
        const to = Math.min(dayIndex(input.horizonStart, d), days.length - 1);
        let sum = 0;
        for (let i = from; i <= to; i++) sum += days[i]!;
        from = Math.max(from, to + 1);
        cum += sum;
        intervalCap.push(sum);
        cumCap.push(cum);
      }
      const fixedHere = input.orders.some((o) => o.workType === w && (o.fixedShares?.[c.id] ?? 0) > 0);
      if (cum === 0 && !fixedHere) continue; // no capacity: no variables at all
      segmentOf.set(`${ci}\u0000${w}`, segments.length);
      info.segments.push(segments.length);
      segments.push({ centre: ci, workType: w, price, intervalCap, cumCap, pairs: [] });
    }
  });

  const pairs: Pair[] = [];
  const orderPairs: number[][] = input.orders.map(() => []);
  const centrePairs: number[][] = input.centres.map(() => []);
  input.orders.forEach((o, oi) => {
    for (const si of types.get(o.workType)!.segments) {
      const s = segments[si]!;
      const id = pairs.length;
      const fixed = o.fixedShares?.[input.centres[s.centre]!.id];
      pairs.push({
        order: oi,
        segment: si,
        centre: s.centre,
        k: orderK[oi]!,
        price: s.price,
        fixed: fixed ?? null,
      });
      s.pairs.push(id);
      orderPairs[oi]!.push(id);
      centrePairs[s.centre]!.push(id);
    }
  });
  checkFixedShares({ input, types, orderK, segments, pairs, orderPairs, centrePairs });
  return { input, types, orderK, segments, pairs, orderPairs, centrePairs };
}

/** Hand-edited shares alone must fit capacity and budget, otherwise no re-optimisation can help: say so. */
function checkFixedShares(m: AllocationModel): void {
  const problems: Text[] = [];
  for (const s of m.segments) {
    const load = s.cumCap.map(() => 0);
    for (const p of s.pairs)
      for (let k = m.pairs[p]!.k; k < load.length; k++) load[k]! += m.pairs[p]!.fixed ?? 0;
    const bad = load.findIndex((l, k) => l > s.cumCap[k]!);
    if (bad >= 0) {
      const c = m.input.centres[s.centre]!.id;
      const d = m.types.get(s.workType)!.deadlines[bad];
      problems.push({
        ja: `${c}: 固定配分が ${d} までの処理能力 ${s.cumCap[bad]} 件を超えています`,
        en: `${c}: fixed shares exceed its capacity of ${s.cumCap[bad]} tasks until ${d}`,
      });
    }
  }
  m.input.centres.forEach((c, ci) => {
    if (c.remainingBudgetYen === null) return;
    let spend = 0;
    for (const p of m.centrePairs[ci]!) spend += (m.pairs[p]!.fixed ?? 0) * m.pairs[p]!.price;
    if (spend > c.remainingBudgetYen)
      problems.push({
        ja: `${c.id}: 固定配分の費用 ${spend} 円が予算残 ${c.remainingBudgetYen} 円を超えています`,
        en: `${c.id}: fixed shares cost ¥${spend}, more than the remaining budget ¥${c.remainingBudgetYen}`,
      });
  });
  if (problems.length) throw new AllocationInputError(problems);
}
