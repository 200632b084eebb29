-- Quasi-delegation (準委任) agreements between a centre and its workers (issue #5): the versioned terms
-- text, and one agreement per worker and period with the Freelance Act statement (特定受託事業者に係る取引の
-- 適正化等に関する法律 第3条) exactly as it was shown, and when the worker accepted it. Tenant tables as in
-- 0001: tenant_id, RLS enabled and forced, keys and indexes led by tenant_id.

CREATE TABLE contract_terms (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  version integer NOT NULL CHECK (version > 0),
  text_ja text NOT NULL CHECK (length(text_ja) BETWEEN 1 AND 50000),
  effective_from date NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, version)
);

CREATE TABLE worker_contracts (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id),
  -- Integer yen per hour (money is never floating point).
  hourly_rate integer NOT NULL CHECK (hourly_rate BETWEEN 1 AND 100000),
  -- The worker's share of an order's unit price for accepted per-unit work (percent, 100 = all of it).
  unit_share_percent smallint NOT NULL DEFAULT 100 CHECK (unit_share_percent BETWEEN 0 AND 100),
  per_unit_note text,
  starts_on date NOT NULL,
  ends_on date CHECK (ends_on IS NULL OR ends_on >= starts_on),
  terms_version integer NOT NULL,
  -- Closing day of the month's work (0 = month end) and when pay follows: N months later on day D (0 =
  -- month end). Checked on offer: the payment date is never more than 60 days after the work's receipt.
  closing_day smallint NOT NULL DEFAULT 0 CHECK (closing_day BETWEEN 0 AND 28),
  pay_month_offset smallint NOT NULL DEFAULT 1 CHECK (pay_month_offset BETWEEN 0 AND 2),
  pay_day smallint NOT NULL DEFAULT 0 CHECK (pay_day BETWEEN 0 AND 28),
  -- The Freelance Act items as shown to the worker (work, pay, payment rule and max days, parties, place, dates).
  statement jsonb NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'offered', 'accepted', 'ended')),
  offered_at timestamptz,
  accepted_at timestamptz,
  accepted_from_ip text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, terms_version) REFERENCES contract_terms (tenant_id, version),
  CHECK (status <> 'accepted' OR accepted_at IS NOT NULL)
);
-- "Does this worker have an accepted agreement covering today?" — asked before every claim.
CREATE INDEX worker_contracts_user_idx ON worker_contracts (tenant_id, user_id, status, starts_on);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['contract_terms', 'worker_contracts'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = (SELECT kado_current_tenant())) WITH CHECK (tenant_id = (SELECT kado_current_tenant()))', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON contract_terms, worker_contracts TO kado_app;
