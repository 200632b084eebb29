import {
  type Comparison,
  consensusWinner,
  DEFAULT_AGREEMENT_THRESHOLD,
  type QualityPolicy,
} from '@kado/plugin-sdk';

/** How many different workers must hand in each ordinary task under a policy. */
export function submissionsNeeded(policy: QualityPolicy): number {
  if (policy.strategy === 'double-entry') return 2;
  if (policy.strategy === 'consensus') return policy.overlap;
  return 1;
}

export interface HandedIn<S> {
  id: string;
  workerId: string;
  payload: S;
}

/** What happens to a task once it has every submission it needs. */
export type Decision =
  /** A director accepts or returns it (review, and the non-golden items of the golden strategy). */
  | { kind: 'review' }
  /** The submissions agree: `acceptedId` is delivered; each submission's agreement with it is scored. */
  | { kind: 'accept'; acceptedId: string; scores: { id: string; workerId: string; agreement: number }[] }
  /** They disagree: a director decides, shown the fields that differ. */
  | { kind: 'adjudicate'; differences: string[] };

/**
 * The quality step of the SDK's strategies, decided from the submissions alone (golden tasks are scored
 * on their own when handed in). Pure, so every branch is unit-tested without a database.
 */
export function decide<S>(
  policy: QualityPolicy,
  submissions: readonly HandedIn<S>[],
  compare: (a: S, b: S) => Comparison,
): Decision {
  const scoreAgainst = (winner: HandedIn<S>) =>
    submissions.map((s) => ({
      id: s.id,
      workerId: s.workerId,
      agreement: s.id === winner.id ? 1 : compare(winner.payload, s.payload).agreement,
    }));
  if (policy.strategy === 'double-entry') {
    const [first, second] = submissions;
    if (!first || !second) throw new Error('double entry needs two submissions');
    const { differences } = compare(first.payload, second.payload);
    return differences.length === 0
      ? { kind: 'accept', acceptedId: first.id, scores: scoreAgainst(first) }
      : { kind: 'adjudicate', differences };
  }
  if (policy.strategy === 'consensus') {
    const threshold = policy.threshold ?? DEFAULT_AGREEMENT_THRESHOLD;
    const winner = consensusWinner(
      submissions.map((s) => s.payload),
      compare,
      threshold,
    );
    if (!winner) {
      const differences = new Set<string>();
      for (const a of submissions)
        for (const b of submissions)
          if (a !== b) for (const d of compare(a.payload, b.payload).differences) differences.add(d);
      return { kind: 'adjudicate', differences: [...differences].sort() };
    }
    const chosen = submissions[winner.index]!;
    return { kind: 'accept', acceptedId: chosen.id, scores: scoreAgainst(chosen) };
  }
  return { kind: 'review' };
}
