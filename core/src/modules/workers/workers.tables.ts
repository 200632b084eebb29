/** Row types of the workers context's tables (its SQL migration is the source of truth). */
export type WorkersTables = Record<never, never>;
