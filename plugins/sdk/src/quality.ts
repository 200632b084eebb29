/** How the work of this type is checked. The workflow runs in core; the comparisons are the plugin's. */
export type QualityPolicy =
  /** A director accepts each submission or returns it with a comment. */
  | { strategy: 'review' }
  /** Two different workers key the same item; fields that differ go to a director. */
  | { strategy: 'double-entry'; fields?: string[] }
  /** `overlap` workers do the same item; it is accepted when a majority agree at `threshold` or more. */
  | { strategy: 'consensus'; overlap: number; threshold?: number }
  /** Items with known answers mixed in at `rate` (0–1), invisible to workers; the rest a director reviews. */
  | { strategy: 'golden'; rate: number };

export const QUALITY_STRATEGIES = ['review', 'double-entry', 'consensus', 'golden'] as const;

/**
 * How far two submissions for the same task agree. `agreement` is 0–1 (1: the same answer); `differences`
 * names the fields that differ (JSON-pointer-like paths such as `/fields/birthDate`), for a director.
 */
export interface Comparison {
  agreement: number;
  differences: string[];
}

/** The agreement a consensus or a golden task needs when the policy names none. */
export const DEFAULT_AGREEMENT_THRESHOLD = 0.8;

const normalise = (v: unknown) => (typeof v === 'string' ? v.normalize('NFKC').trim() : v);

/**
 * Field-by-field equality of two flat records (strings compared after NFKC and trimming, so full-width
 * and half-width digits agree). `fields` limits the comparison; by default every key of either side.
 */
export function compareFields(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  fields?: readonly string[],
  prefix = '',
): Comparison {
  const keys = fields ?? [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const differences = keys
    .filter((k) => JSON.stringify(normalise(a[k])) !== JSON.stringify(normalise(b[k])))
    .map((k) => `${prefix}/${k}`);
  return { agreement: keys.length === 0 ? 1 : 1 - differences.length / keys.length, differences };
}

/** An axis-aligned box in image pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Intersection over union of two boxes, 0–1. */
export function iou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Agreement of two sets of labelled boxes: boxes are paired greedily by IoU (best first) when their
 * labels are equal and the IoU reaches `minIou`; agreement is the F1 of the pairing (1 when both are empty).
 * Unpaired boxes are reported as differences `/boxes/<index in a>` or `/boxes/+<index in b>`.
 */
export function compareBoxes(
  a: readonly (Box & { label: string })[],
  b: readonly (Box & { label: string })[],
  minIou = 0.5,
): Comparison {
  if (a.length === 0 && b.length === 0) return { agreement: 1, differences: [] };
  const pairs: { i: number; j: number; score: number }[] = [];
  a.forEach((boxA, i) => {
    b.forEach((boxB, j) => {
      if (boxA.label !== boxB.label) return;
      const score = iou(boxA, boxB);
      if (score >= minIou) pairs.push({ i, j, score });
    });
  });
  pairs.sort((p, q) => q.score - p.score);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  for (const { i, j } of pairs) {
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i);
    usedB.add(j);
  }
  const differences = [
    ...a.flatMap((_, i) => (usedA.has(i) ? [] : [`/boxes/${i}`])),
    ...b.flatMap((_, j) => (usedB.has(j) ? [] : [`/boxes/+${j}`])),
  ];
  return { agreement: (2 * usedA.size) / (a.length + b.length), differences };
}

/**
 * Consensus over k submissions of one task: the submission that agrees (at `threshold` or more) with the
 * most others wins if it and its supporters are a strict majority. Returns the winner's index, or null
 * when there is no majority (the task then goes to a director).
 */
export function consensusWinner<S>(
  submissions: readonly S[],
  compare: (a: S, b: S) => Comparison,
  threshold = DEFAULT_AGREEMENT_THRESHOLD,
): { index: number; supporters: number } | null {
  let best: { index: number; supporters: number } | null = null;
  submissions.forEach((candidate, index) => {
    const supporters = submissions.filter(
      (other, j) => j === index || compare(candidate, other).agreement >= threshold,
    ).length;
    if (!best || supporters > best.supporters) best = { index, supporters };
  });
  const found = best as { index: number; supporters: number } | null;
  return found && found.supporters * 2 > submissions.length ? found : null;
}
