/** Row types of the payouts tables (STUB: the payouts helper fills it from its SQL migration). */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the module's tables
export interface PayoutsTables {}
