/** Row types of the contracts context's tables (its SQL migration is the source of truth). */
export type ContractsTables = Record<never, never>;
