-- Client invoices (issue #7, part 4): qualified invoices (適格請求書) in integer yen. A draft is edited freely;
-- issuing it gives it the next number of its fiscal year (April–March), freezes the issuer's and the
-- recipient's details as they were that day, and books it in the ledger. Consumption tax is stored per rate,
-- computed once per invoice per rate (never per line). Payments reduce what is outstanding; an issued and
-- unpaid invoice may be voided (a reversing ledger entry), never deleted or renumbered.
-- Tenant tables as in 0001: tenant_id, RLS enabled and forced, keys and indexes led by tenant_id.

-- "T" + 13 digits whose first digit is the check digit of the corporate number (法人番号): the same rule as
-- the API's zod schema, so no invalid number reaches a stored invoice whatever the writer.
-- STRICT: NULL in, NULL out, so a CHECK on a column still empty (a draft's snapshot) passes.
CREATE FUNCTION kado_invoice_registration_number_valid(v text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE WHEN v ~ '^T[0-9]{13}$' THEN
    substr(v, 2, 1)::int = 9 - (
      SELECT sum(substr(v, 15 - n, 1)::int * CASE WHEN n % 2 = 1 THEN 1 ELSE 2 END)
      FROM generate_series(1, 12) AS n
    ) % 9
  ELSE false END
$$;
GRANT EXECUTE ON FUNCTION kado_invoice_registration_number_valid(text) TO kado_app;

-- The centre as an issuer: one row per tenant.
CREATE TABLE invoice_settings (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  issuer_name text NOT NULL CHECK (length(issuer_name) BETWEEN 1 AND 200),
  registration_number text NOT NULL CHECK (kado_invoice_registration_number_valid(registration_number)),
  address text NOT NULL CHECK (length(address) BETWEEN 1 AND 300),
  phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 20),
  rounding text NOT NULL CHECK (rounding IN ('down', 'up', 'half-up')),
  payment_terms_days integer NOT NULL CHECK (payment_terms_days BETWEEN 1 AND 60),
  bank_info text NOT NULL DEFAULT '' CHECK (length(bank_info) <= 500),
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);

-- The last number given per fiscal year. Issuing increments it with an upsert whose row lock is held until
-- the issuing transaction ends: a concurrent issue waits, and a rolled-back issue gives its number back, so
-- numbers have no gaps and no duplicates.
CREATE TABLE invoice_number_sequences (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2999),
  last_number integer NOT NULL CHECK (last_number > 0),
  PRIMARY KEY (tenant_id, fiscal_year)
);

CREATE TABLE invoices (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  order_id uuid,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued', 'paid', 'void')),
  issue_date date NOT NULL,
  due_date date CHECK (due_date >= issue_date),
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
  -- Given at issue: 'YYYY-NNNN', the fiscal year and its sequence.
  fiscal_year integer,
  seq integer CHECK (seq > 0),
  number text CHECK (number ~ '^[0-9]{4}-[0-9]{4,}$'),
  -- Snapshots as issued (the issuer's settings and the client may change later; the invoice does not).
  rounding text CHECK (rounding IN ('down', 'up', 'half-up')),
  issuer_name text,
  issuer_registration_number text CHECK (kado_invoice_registration_number_valid(issuer_registration_number)),
  issuer_address text,
  issuer_phone text,
  issuer_bank_info text,
  recipient_name text,
  recipient_address text,
  recipient_registration_number text,
  -- Totals per rate (net = Σ line amounts at that rate; tax rounded once on it) and for the invoice.
  net_10 bigint CHECK (net_10 BETWEEN 0 AND 1000000000000),
  tax_10 bigint CHECK (tax_10 >= 0),
  net_8 bigint CHECK (net_8 BETWEEN 0 AND 1000000000000),
  tax_8 bigint CHECK (tax_8 >= 0),
  subtotal bigint,
  tax bigint,
  total bigint CHECK (total BETWEEN 0 AND 1000000000000),
  paid bigint NOT NULL DEFAULT 0 CHECK (paid >= 0),
  ledger_entry_id uuid,
  void_entry_id uuid,
  issued_at timestamptz,
  issued_by uuid REFERENCES users(id),
  voided_at timestamptz,
  void_reason text CHECK (length(void_reason) BETWEEN 1 AND 500),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number),
  UNIQUE (tenant_id, fiscal_year, seq),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
  -- An order may be deleted by its module (a draft order): the invoice keeps its own snapshot.
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id) ON DELETE SET NULL (order_id),
  FOREIGN KEY (tenant_id, ledger_entry_id) REFERENCES journal_entries (tenant_id, id),
  FOREIGN KEY (tenant_id, void_entry_id) REFERENCES journal_entries (tenant_id, id),
  -- A draft has no number; everything else is numbered, snapshotted, totalled and booked.
  CHECK ((status = 'draft') = (number IS NULL)),
  CHECK ((number IS NULL) = (fiscal_year IS NULL) AND (number IS NULL) = (seq IS NULL)),
  CHECK (number IS NULL OR number LIKE fiscal_year::text || '-%'),
  CHECK (status = 'draft' OR (
    rounding IS NOT NULL AND issuer_name IS NOT NULL AND issuer_registration_number IS NOT NULL
    AND issuer_address IS NOT NULL AND recipient_name IS NOT NULL AND due_date IS NOT NULL
    AND net_10 IS NOT NULL AND tax_10 IS NOT NULL AND net_8 IS NOT NULL AND tax_8 IS NOT NULL
    AND subtotal IS NOT NULL AND tax IS NOT NULL AND total IS NOT NULL
    AND ledger_entry_id IS NOT NULL AND issued_at IS NOT NULL)),
  CHECK (subtotal = net_10 + net_8 AND tax = tax_10 + tax_8 AND total = subtotal + tax),
  CHECK (paid <= coalesce(total, 0)),
  CHECK (status <> 'paid' OR paid = total),
  CHECK (status <> 'issued' OR paid < total),
  CHECK ((status = 'void') = (void_entry_id IS NOT NULL)
    AND (status = 'void') = (voided_at IS NOT NULL)
    AND (status = 'void') = (void_reason IS NOT NULL)),
  CHECK (status <> 'void' OR paid = 0)
);
CREATE INDEX invoices_status_idx ON invoices (tenant_id, status, due_date);
CREATE INDEX invoices_issue_date_idx ON invoices (tenant_id, issue_date);
CREATE INDEX invoices_client_idx ON invoices (tenant_id, client_id);
CREATE INDEX invoices_order_idx ON invoices (tenant_id, order_id) WHERE order_id IS NOT NULL;

CREATE TABLE invoice_items (
  tenant_id uuid NOT NULL,
  invoice_id uuid NOT NULL,
  line_no smallint NOT NULL CHECK (line_no BETWEEN 1 AND 100),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000000),
  unit_price bigint NOT NULL CHECK (unit_price BETWEEN 0 AND 10000000000),
  tax_rate smallint NOT NULL CHECK (tax_rate IN (10, 8)),
  amount bigint NOT NULL,
  PRIMARY KEY (tenant_id, invoice_id, line_no),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id) ON DELETE CASCADE,
  CHECK (amount = quantity * unit_price)
);

-- Items are frozen once the invoice is issued: what was sent is what is stored.
CREATE FUNCTION invoice_items_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  st text;
BEGIN
  SELECT status INTO st FROM invoices
    WHERE tenant_id = coalesce(NEW.tenant_id, OLD.tenant_id) AND id = coalesce(NEW.invoice_id, OLD.invoice_id);
  IF st IS NOT NULL AND st <> 'draft' THEN
    RAISE EXCEPTION 'invoice % is %: its items cannot change', coalesce(NEW.invoice_id, OLD.invoice_id), st
      USING ERRCODE = 'check_violation', CONSTRAINT = 'invoice_items_frozen';
  END IF;
  RETURN coalesce(NEW, OLD);
END $$;
CREATE TRIGGER invoice_items_frozen BEFORE INSERT OR UPDATE OR DELETE ON invoice_items
  FOR EACH ROW EXECUTE FUNCTION invoice_items_frozen();

CREATE TABLE invoice_payments (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  invoice_id uuid NOT NULL,
  paid_on date NOT NULL,
  amount bigint NOT NULL CHECK (amount BETWEEN 1 AND 1000000000000),
  ledger_entry_id uuid NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id),
  FOREIGN KEY (tenant_id, ledger_entry_id) REFERENCES journal_entries (tenant_id, id)
);
CREATE INDEX invoice_payments_invoice_idx ON invoice_payments (tenant_id, invoice_id, paid_on);

-- At commit: an invoice's paid amount is the sum of its payments (the service updates both; this keeps them
-- from drifting apart whoever writes).
CREATE FUNCTION invoice_check_paid() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  inv uuid;
  recorded bigint;
  summed numeric;
BEGIN
  IF TG_TABLE_NAME = 'invoices' THEN inv := NEW.id; ELSE inv := NEW.invoice_id; END IF;
  SELECT paid INTO recorded FROM invoices WHERE tenant_id = NEW.tenant_id AND id = inv;
  SELECT coalesce(sum(amount), 0) INTO summed FROM invoice_payments WHERE tenant_id = NEW.tenant_id AND invoice_id = inv;
  IF recorded IS NOT NULL AND recorded <> summed THEN
    RAISE EXCEPTION 'invoice % records % yen paid but its payments sum to %', inv, recorded, summed
      USING ERRCODE = 'check_violation', CONSTRAINT = 'invoice_paid_matches_payments';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER invoice_paid_matches_payments AFTER INSERT OR UPDATE ON invoices
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION invoice_check_paid();
CREATE CONSTRAINT TRIGGER invoice_payments_match_paid AFTER INSERT ON invoice_payments
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION invoice_check_paid();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['invoice_settings', 'invoice_number_sequences', 'invoices', 'invoice_items', 'invoice_payments'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = (SELECT kado_current_tenant())) WITH CHECK (tenant_id = (SELECT kado_current_tenant()))', t);
  END LOOP;
END $$;

-- Payments are append-only (a wrong payment is not corrected here in this version); numbers only grow.
REVOKE ALL ON invoice_settings, invoice_number_sequences, invoices, invoice_items, invoice_payments FROM kado_app;
GRANT SELECT, INSERT, UPDATE ON invoice_settings, invoice_number_sequences TO kado_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON invoices, invoice_items TO kado_app;
GRANT SELECT, INSERT ON invoice_payments TO kado_app;
