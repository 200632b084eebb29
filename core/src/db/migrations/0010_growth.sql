-- Growth (第1・第2チャレンジ, issue #5): what became of a worker — employed at a local firm, elsewhere,
-- or back at the centre (the safety net). Hours, tasks and accuracy are read from the work tables.
-- Tenant table as in 0001: tenant_id, RLS enabled and forced, keys and indexes led by tenant_id.
CREATE TABLE placement_outcomes (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL CHECK (kind IN ('employed_local', 'employed_other', 'returned_to_centre', 'other')),
  employer_name text CHECK (length(employer_name) <= 200),
  occurred_on date NOT NULL,
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
  recorded_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX placement_outcomes_date_idx ON placement_outcomes (tenant_id, occurred_on);
CREATE INDEX placement_outcomes_user_idx ON placement_outcomes (tenant_id, user_id, occurred_on);

ALTER TABLE placement_outcomes ENABLE ROW LEVEL SECURITY;
ALTER TABLE placement_outcomes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON placement_outcomes
  USING (tenant_id = (SELECT kado_current_tenant()))
  WITH CHECK (tenant_id = (SELECT kado_current_tenant()));
GRANT SELECT, INSERT, UPDATE, DELETE ON placement_outcomes TO kado_app;
