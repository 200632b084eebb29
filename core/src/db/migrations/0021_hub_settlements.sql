-- Monthly settlement between the hub and each partner centre (issue #8, item 5): per Tokyo calendar month,
-- the partner's tasks accepted in that month on the hub's offers × the agreed unit price. One statement per
-- (partner, hub, month), the same rows for both sides; confirming it posts the hub's entry (partner costs /
-- payables to partners) and the partner's entry (receivables from the hub / revenue) for the same amount in
-- one transaction, and records both entry ids here.
--
-- Like the offers (0017), a statement belongs to the partner (tenant_id) and names its hub (hub_tenant_id);
-- policy hub_or_partner shows it to exactly those two tenants. The index for the hub's side leads with
-- hub_tenant_id, the hub's own tenant key (listed in the schema-rules test with this reason).
-- Figures only: no worker of either side is named in a statement.

CREATE TABLE hub_settlements (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  hub_tenant_id uuid NOT NULL REFERENCES tenants(id),
  -- The Tokyo calendar month settled, 'YYYY-MM'.
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  -- Accepted tasks in all lines, and their amount in integer yen (the sum of the lines' amounts).
  units integer NOT NULL CHECK (units >= 0),
  total_yen bigint NOT NULL CHECK (total_yen BETWEEN 0 AND 1000000000000),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'confirmed')),
  -- The two journal entries a confirmation posted (none for a statement of 0 yen).
  hub_entry_id uuid,
  partner_entry_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- When the figures were last computed (a draft is recomputed in place, keeping its id).
  computed_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  confirmed_by uuid REFERENCES users(id),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, hub_tenant_id, month),
  UNIQUE (tenant_id, hub_tenant_id, id),
  FOREIGN KEY (hub_tenant_id, hub_entry_id) REFERENCES journal_entries (tenant_id, id),
  FOREIGN KEY (tenant_id, partner_entry_id) REFERENCES journal_entries (tenant_id, id),
  CHECK (tenant_id <> hub_tenant_id),
  CHECK ((status = 'confirmed') = (confirmed_at IS NOT NULL)),
  CHECK ((hub_entry_id IS NULL) = (partner_entry_id IS NULL)),
  CHECK (status = 'draft' OR total_yen = 0 OR hub_entry_id IS NOT NULL),
  CHECK (status = 'confirmed' OR hub_entry_id IS NULL)
);
CREATE INDEX hub_settlements_partner_idx ON hub_settlements (tenant_id, month DESC);
CREATE INDEX hub_settlements_hub_idx ON hub_settlements (hub_tenant_id, month DESC);

-- One line per offer: the tasks of that offer the partner accepted in the month, at the offer's unit price.
CREATE TABLE hub_settlement_lines (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  hub_tenant_id uuid NOT NULL REFERENCES tenants(id),
  settlement_id uuid NOT NULL,
  offer_id uuid NOT NULL,
  title text NOT NULL,
  work_type text NOT NULL,
  units integer NOT NULL CHECK (units > 0),
  unit_price integer NOT NULL CHECK (unit_price >= 0),
  amount_yen bigint NOT NULL,
  PRIMARY KEY (tenant_id, settlement_id, offer_id),
  FOREIGN KEY (tenant_id, hub_tenant_id, settlement_id)
    REFERENCES hub_settlements (tenant_id, hub_tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, offer_id) REFERENCES hub_offers (tenant_id, id),
  CHECK (amount_yen = units::bigint * unit_price)
);

-- A confirmed statement is final, for every role: its row and its lines are never changed or removed.
CREATE FUNCTION hub_settlement_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  st text;
BEGIN
  IF TG_TABLE_NAME = 'hub_settlements' THEN
    st := OLD.status;
  ELSE
    SELECT s.status INTO st FROM hub_settlements s
      WHERE s.tenant_id = COALESCE(NEW.tenant_id, OLD.tenant_id)
        AND s.id = COALESCE(NEW.settlement_id, OLD.settlement_id);
  END IF;
  IF st = 'confirmed' THEN
    RAISE EXCEPTION 'settlement statement is confirmed and cannot be changed (%)', TG_OP
      USING ERRCODE = 'check_violation', CONSTRAINT = 'hub_settlement_confirmed';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER hub_settlements_final BEFORE UPDATE OR DELETE ON hub_settlements
  FOR EACH ROW EXECUTE FUNCTION hub_settlement_refuse_change();
CREATE TRIGGER hub_settlement_lines_final BEFORE INSERT OR UPDATE OR DELETE ON hub_settlement_lines
  FOR EACH ROW EXECUTE FUNCTION hub_settlement_refuse_change();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['hub_settlements', 'hub_settlement_lines'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY hub_or_partner ON %I
      USING (tenant_id = (SELECT kado_current_tenant()) OR hub_tenant_id = (SELECT kado_current_tenant()))
      WITH CHECK (tenant_id = (SELECT kado_current_tenant()) OR hub_tenant_id = (SELECT kado_current_tenant()))', t);
  END LOOP;
END $$;

-- Drafts are replaced (lines deleted and written again, a statement with no work left deleted).
GRANT SELECT, INSERT, UPDATE, DELETE ON hub_settlements, hub_settlement_lines TO kado_app;
