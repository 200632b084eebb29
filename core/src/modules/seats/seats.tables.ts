/** Row types of the seats context's tables (its SQL migration is the source of truth). */
export type SeatsTables = Record<never, never>;
