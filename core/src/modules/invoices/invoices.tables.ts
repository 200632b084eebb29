/** Row types of the invoices tables (STUB: the invoices helper fills it from its SQL migration). */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the module's tables
export interface InvoicesTables {}
