-- The budget (issue #7, part 2): per tenant and fiscal year (April–March), lines by ledger account and
-- funding source. Nothing is ever edited: a line's budget, committed and actual amounts are sums of its
-- append-only movements (an adjustment is a new 'budget' movement, a correction a negating movement that
-- names the one it reverses). A line row only fixes the line's identity.
-- Tenant tables as in 0001: tenant_id, RLS enabled and forced, keys and indexes led by tenant_id.

CREATE TABLE budget_lines (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  fiscal_year integer NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
  account_code text NOT NULL,
  funding_source text NOT NULL CHECK (funding_source IN ('city_general_fund', 'national_grant', 'order_revenue')),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, fiscal_year, account_code, funding_source),
  FOREIGN KEY (tenant_id, account_code) REFERENCES ledger_accounts (tenant_id, code)
);

CREATE TABLE budget_movements (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  line_id uuid NOT NULL,
  -- budget: the appropriation and its adjustments (補正); commitment: money promised (an accepted order);
  -- release: a commitment settled by an actual; actual: money spent or earned (a payout, an invoice).
  kind text NOT NULL CHECK (kind IN ('budget', 'commitment', 'release', 'actual')),
  -- Integer yen, signed: a reversal negates. Only a line's first budget movement may be 0 (a line planned at 0).
  amount bigint NOT NULL CHECK ((amount <> 0 OR kind = 'budget') AND amount BETWEEN -1000000000000 AND 1000000000000),
  entry_date date NOT NULL,
  -- The Tokyo month it is reported in, 'YYYY-MM' (kept with the row so reports group without date maths).
  month text NOT NULL CHECK (month ~ '^\d{4}-(0[1-9]|1[0-2])$' AND month = to_char(entry_date, 'YYYY-MM')),
  memo text NOT NULL CHECK (length(memo) BETWEEN 1 AND 500),
  source_kind text CHECK (source_kind ~ '^[a-z][a-z0-9_.-]{0,39}$'),
  source_id text CHECK (length(source_id) BETWEEN 1 AND 100),
  -- Set when an admin decided to go over budget: why (also in the audit log).
  override_reason text CHECK (length(override_reason) BETWEEN 1 AND 500),
  reverses_id uuid,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, line_id) REFERENCES budget_lines (tenant_id, id),
  FOREIGN KEY (tenant_id, reverses_id) REFERENCES budget_movements (tenant_id, id),
  CHECK ((source_kind IS NULL) = (source_id IS NULL)),
  CHECK (reverses_id IS NULL OR reverses_id <> id)
);
-- A movement is reversed at most once.
CREATE UNIQUE INDEX budget_movements_reverses_key ON budget_movements (tenant_id, reverses_id)
  WHERE reverses_id IS NOT NULL;
CREATE INDEX budget_movements_line_idx ON budget_movements (tenant_id, line_id, kind);
CREATE INDEX budget_movements_date_idx ON budget_movements (tenant_id, entry_date, created_at);
CREATE INDEX budget_movements_source_idx ON budget_movements (tenant_id, source_kind, source_id)
  WHERE source_kind IS NOT NULL;

-- Append-only, even for the owner (the app role has no UPDATE or DELETE grant either).
CREATE FUNCTION budget_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: record a reversing movement instead of %', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER budget_lines_append_only BEFORE UPDATE OR DELETE ON budget_lines
  FOR EACH ROW EXECUTE FUNCTION budget_refuse_change();
CREATE TRIGGER budget_movements_append_only BEFORE UPDATE OR DELETE ON budget_movements
  FOR EACH ROW EXECUTE FUNCTION budget_refuse_change();
CREATE TRIGGER budget_lines_no_truncate BEFORE TRUNCATE ON budget_lines
  FOR EACH STATEMENT EXECUTE FUNCTION budget_refuse_change();
CREATE TRIGGER budget_movements_no_truncate BEFORE TRUNCATE ON budget_movements
  FOR EACH STATEMENT EXECUTE FUNCTION budget_refuse_change();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['budget_lines', 'budget_movements'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = (SELECT kado_current_tenant())) WITH CHECK (tenant_id = (SELECT kado_current_tenant()))', t);
  END LOOP;
END $$;

REVOKE ALL ON budget_lines, budget_movements FROM kado_app;
GRANT SELECT, INSERT ON budget_lines, budget_movements TO kado_app;
