/** How the work of this type is checked. The strategies themselves run in core; a plugin picks one. */
export type QualityPolicy =
  /** A director accepts each submission or returns it with a comment. */
  | { strategy: 'review' }
  /** Two different workers key the same item; fields that differ go to a director. */
  | { strategy: 'double-entry'; fields?: string[] }
  /** `overlap` workers do the same item; agreement by IoU for boxes (`iouThreshold`), equality for labels. */
  | { strategy: 'consensus'; overlap: number; iouThreshold?: number }
  /** Items with known answers mixed in at `rate` (0–1), invisible to workers. */
  | { strategy: 'golden'; rate: number };

export const QUALITY_STRATEGIES = ['review', 'double-entry', 'consensus', 'golden'] as const;
