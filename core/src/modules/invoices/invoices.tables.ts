import type { ColumnType, Generated } from 'kysely';

/** Row types of the invoices tables (its SQL migration 0015 is the source of truth). */
type CreatedAt = ColumnType<Date, never, never>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `date` column: read as text (cast in queries) or Date depending on the driver; written as a string. */
type DateColumn = ColumnType<Date | string, string, string>;
/** A `bigint` column of integer yen: read as number or string depending on the driver. */
type Yen = ColumnType<number | string | bigint, number, number>;
type NullableYen = ColumnType<number | string | bigint | null, number | null | undefined, number | null>;

export type InvoiceStatus = 'draft' | 'issued' | 'paid' | 'void';
export type InvoiceRounding = 'down' | 'up' | 'half-up';

export interface InvoiceSettingsTable {
  tenant_id: string;
  issuer_name: string;
  registration_number: string;
  address: string;
  phone: string;
  rounding: InvoiceRounding;
  payment_terms_days: number;
  bank_info: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface InvoiceNumberSequencesTable {
  tenant_id: string;
  fiscal_year: number;
  last_number: number;
}

export interface InvoicesTable {
  tenant_id: string;
  id: Generated<string>;
  client_id: string;
  order_id: string | null;
  status: Generated<InvoiceStatus>;
  issue_date: DateColumn;
  due_date: ColumnType<Date | string | null, string | null | undefined, string | null>;
  note: Generated<string>;
  fiscal_year: number | null;
  seq: number | null;
  number: string | null;
  rounding: InvoiceRounding | null;
  issuer_name: string | null;
  issuer_registration_number: string | null;
  issuer_address: string | null;
  issuer_phone: string | null;
  issuer_bank_info: string | null;
  recipient_name: string | null;
  recipient_address: string | null;
  recipient_registration_number: string | null;
  net_10: NullableYen;
  tax_10: NullableYen;
  net_8: NullableYen;
  tax_8: NullableYen;
  subtotal: NullableYen;
  tax: NullableYen;
  total: NullableYen;
  paid: ColumnType<number | string | bigint, number | undefined, number>;
  ledger_entry_id: string | null;
  void_entry_id: string | null;
  issued_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  issued_by: string | null;
  voided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  void_reason: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface InvoiceItemsTable {
  tenant_id: string;
  invoice_id: string;
  line_no: number;
  description: string;
  quantity: number;
  unit_price: Yen;
  tax_rate: number;
  amount: Yen;
}

export interface InvoicePaymentsTable {
  tenant_id: string;
  id: Generated<string>;
  invoice_id: string;
  paid_on: DateColumn;
  amount: Yen;
  ledger_entry_id: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface InvoicesTables {
  invoice_settings: InvoiceSettingsTable;
  invoice_number_sequences: InvoiceNumberSequencesTable;
  invoices: InvoicesTable;
  invoice_items: InvoiceItemsTable;
  invoice_payments: InvoicePaymentsTable;
}
