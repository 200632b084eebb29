import { describe, expect, it } from 'vitest';
import { canTransition, ORDER_STATUSES, ORDER_TRANSITIONS } from './order-lifecycle.js';

const ALLOWED = new Set([
  'draft→accepted',
  'draft→cancelled',
  'accepted→in_progress',
  'accepted→cancelled',
  'in_progress→delivered',
  'in_progress→cancelled',
  'delivered→completed',
]);

describe('order lifecycle', () => {
  const pairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const));

  it('covers every status in the table', () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
    expect(pairs).toHaveLength(36);
  });

  it.each(pairs)('%s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(ALLOWED.has(`${from}→${to}`));
  });

  it('ends in completed or cancelled, with no way out', () => {
    expect(ORDER_TRANSITIONS.completed).toEqual([]);
    expect(ORDER_TRANSITIONS.cancelled).toEqual([]);
  });
});
