import type { OrderStatus } from '../../db/schema.js';

export const ORDER_STATUSES = [
  'draft',
  'accepted',
  'in_progress',
  'delivered',
  'completed',
  'cancelled',
] as const satisfies readonly OrderStatus[];

/** draft → accepted → in_progress → delivered → completed; cancelled from draft, accepted or in_progress. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  draft: ['accepted', 'cancelled'],
  accepted: ['in_progress', 'cancelled'],
  in_progress: ['delivered', 'cancelled'],
  delivered: ['completed'],
  completed: [],
  cancelled: [],
};

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean =>
  ORDER_TRANSITIONS[from].includes(to);
