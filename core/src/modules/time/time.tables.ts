/** Row types of the time context's tables (its SQL migration is the source of truth). */
export type TimeTables = Record<never, never>;
