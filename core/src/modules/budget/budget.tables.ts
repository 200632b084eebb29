/** Row types of the budget tables (STUB: the budget helper fills it from its SQL migration). */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the module's tables
export interface BudgetTables {}
