-- Time records (issue #5): clock in/out per task or shift, manual records and corrections (each with a
-- reason), and the monthly timesheet a director approves or returns. Overlaps are refused by a check made
-- under a per-worker transaction lock (pg_advisory_xact_lock) in TimeService, not by an exclusion
-- constraint: btree_gist is not loaded in the embedded PGlite, and a superseded (corrected) record must
-- not count, which the check expresses plainly. Tenant tables: tenant_id, RLS enabled and forced.

CREATE TABLE time_entries (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id),
  task_id uuid,
  kind text NOT NULL CHECK (kind IN ('task', 'shift', 'other')),
  started_at timestamptz NOT NULL,
  -- NULL while the worker is clocked in.
  ended_at timestamptz CHECK (ended_at IS NULL OR ended_at > started_at),
  break_minutes integer NOT NULL DEFAULT 0 CHECK (break_minutes >= 0),
  place text NOT NULL CHECK (place IN ('centre', 'home')),
  workspace_id uuid,
  source text NOT NULL CHECK (source IN ('clock', 'manual', 'correction')),
  -- A correction replaces the record it names; the replaced record stays for the audit trail.
  corrects_id uuid,
  reason text CHECK (reason IS NULL OR length(reason) <= 500),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, corrects_id) REFERENCES time_entries (tenant_id, id),
  CHECK (source = 'clock' OR (reason IS NOT NULL AND length(trim(reason)) > 0)),
  CHECK (place = 'home' OR workspace_id IS NOT NULL),
  CHECK (ended_at IS NULL OR break_minutes * interval '1 minute' < ended_at - started_at)
);
CREATE INDEX time_entries_user_idx ON time_entries (tenant_id, user_id, started_at);
-- A record is corrected at most once (the correction itself may be corrected in turn).
CREATE UNIQUE INDEX time_entries_corrects_idx ON time_entries (tenant_id, corrects_id) WHERE corrects_id IS NOT NULL;

CREATE TABLE timesheets (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  user_id uuid NOT NULL REFERENCES users(id),
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'submitted', 'approved', 'returned')),
  submitted_at timestamptz,
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz,
  comment text,
  PRIMARY KEY (tenant_id, user_id, month)
);
CREATE INDEX timesheets_status_idx ON timesheets (tenant_id, status, month);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['time_entries', 'timesheets'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = (SELECT kado_current_tenant())) WITH CHECK (tenant_id = (SELECT kado_current_tenant()))', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON time_entries, timesheets TO kado_app;
