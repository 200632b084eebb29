import type { AllocationModel } from './model.js';
import type { CapReason, CentreExplanation, CentreLoad, Text, WorkTypeExplanation } from './types.js';

/** Cumulative use per segment at each deadline of its work type, from the integer allocation. */
function usedByDeadline(m: AllocationModel, tasks: readonly number[]): number[][] {
  return m.segments.map((s) => {
    const used = s.cumCap.map(() => 0);
    for (const p of s.pairs) used[m.pairs[p]!.k]! += tasks[p]!;
    for (let k = 1; k < used.length; k++) used[k]! += used[k - 1]!;
    return used;
  });
}

export function loadsOf(m: AllocationModel, tasks: readonly number[]): CentreLoad[] {
  const used = usedByDeadline(m, tasks);
  return m.segments.map((s, si) => ({
    centreId: m.input.centres[s.centre]!.id,
    workType: s.workType,
    byDeadline: s.cumCap.map((cap, k) => ({
      deadline: m.types.get(s.workType)!.deadlines[k]!,
      usedTasks: used[si]![k]!,
      capacityTasks: cap,
      fraction: cap === 0 ? 0 : used[si]![k]! / cap,
    })),
  }));
}

const yen = (n: number) => n.toLocaleString('en-US');

function reasonText(
  reason: CapReason,
  detail: { deadline?: string; budgetLeft?: number; peers?: number },
): Text {
  switch (reason) {
    case 'capacity':
      return {
        ja: `${detail.deadline}までの処理能力をすべて使用。`,
        en: `Full: all capacity until ${detail.deadline} is used.`,
      };
    case 'budget':
      return {
        ja: `予算残（${yen(detail.budgetLeft ?? 0)}円）で上限。`,
        en: `Capped by the remaining budget (¥${yen(detail.budgetLeft ?? 0)} left).`,
      };
    case 'balance':
      return {
        ja: `同じ単価の他${detail.peers}センターと負荷を均等化。`,
        en: `Load balanced with ${detail.peers} other centre(s) at the same price.`,
      };
    case 'fixed':
      return { ja: 'ハブが配分を指定。', en: 'Share set by the hub.' };
    default:
      return {
        ja: 'より安いセンターで残りを賄えたため。',
        en: 'Cheaper capacity covered the rest of the orders.',
      };
  }
}

/** Why each centre got its share: price rank, capacity used, and what stopped it getting more. */
export function explain(m: AllocationModel, tasks: readonly number[]): CentreExplanation[] {
  const used = usedByDeadline(m, tasks);
  const segTasks = m.segments.map((s) => s.pairs.reduce((a, p) => a + tasks[p]!, 0));
  const segFixed = m.segments.map((s) => s.pairs.reduce((a, p) => a + (m.pairs[p]!.fixed ?? 0), 0));
  const prices = new Map<string, number[]>();
  const groupWithWork = new Map<string, number>();
  m.segments.forEach((s, si) => {
    const list = prices.get(s.workType) ?? [];
    list.push(s.price);
    prices.set(s.workType, list);
    const key = `${s.workType}\u0000${s.price}`;
    groupWithWork.set(key, (groupWithWork.get(key) ?? 0) + (segTasks[si]! > 0 ? 1 : 0));
  });
  for (const list of prices.values()) list.sort((a, b) => a - b);
  const rankOf = (w: string, price: number) => {
    const list = prices.get(w)!;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! < price) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const budgetLeft = m.input.centres.map((c) => c.remainingBudgetYen);
  m.pairs.forEach((p, i) => {
    if (budgetLeft[p.centre] !== null) budgetLeft[p.centre]! -= tasks[i]! * p.price;
  });

  const out = new Map<number, CentreExplanation>();
  m.segments.forEach((s, si) => {
    const c = m.input.centres[s.centre]!;
    const t = segTasks[si]!;
    // Full at a deadline with some capacity; a deadline with none at all caps nothing worth explaining.
    const full = s.cumCap.findIndex((cap, k) => cap > 0 && cap - used[si]![k]! < 1);
    const left = budgetLeft[s.centre]!;
    const peers = (groupWithWork.get(`${s.workType}\u0000${s.price}`) ?? 0) - (t > 0 ? 1 : 0);
    let reason: CapReason;
    if (t > 0 && segFixed[si] === t) reason = 'fixed';
    else if (full >= 0) reason = 'capacity';
    else if (left !== null && left < s.price) reason = 'budget';
    else if (peers > 0) reason = 'balance';
    else reason = 'demand';
    const deadline = full >= 0 ? m.types.get(s.workType)!.deadlines[full] : undefined;
    const capacityUsed = Math.max(0, ...s.cumCap.map((cap, k) => (cap === 0 ? 0 : used[si]![k]! / cap)));
    const rank = rankOf(s.workType, s.price);
    const n = prices.get(s.workType)!.length;
    const why = reasonText(reason, {
      ...(deadline ? { deadline } : {}),
      ...(left !== null ? { budgetLeft: left } : {}),
      peers,
    });
    const pct = Math.round(capacityUsed * 100);
    const entry: WorkTypeExplanation = {
      workType: s.workType,
      tasks: t,
      priceYen: s.price,
      priceRank: rank,
      centresOffering: n,
      capacityUsed,
      cappedBy: reason,
      text: {
        ja: `${s.workType}: ${t}件、単価${yen(s.price)}円（${n}センター中${rank}位）、処理能力の最大${pct}%を使用。${why.ja}`,
        en: `${s.workType}: ${t} tasks at ¥${yen(s.price)}/task (price rank ${rank} of ${n}), up to ${pct}% of capacity used. ${why.en}`,
      },
    };
    const e = out.get(s.centre) ?? {
      centreId: c.id,
      tasks: 0,
      costYen: 0,
      budgetLeftYen: left,
      workTypes: [],
    };
    e.tasks += t;
    e.costYen += t * s.price;
    e.workTypes.push(entry);
    out.set(s.centre, e);
  });
  return [...out.values()];
}
