-- Workers (issue #5): a worker's profile in one centre, trainings completed, and the hours they can give
-- (weekly pattern, exceptions, weekly maximum, holidays). Tenant tables as in 0001: tenant_id, RLS enabled and
-- forced, keys and indexes led by tenant_id. The display name stays on users (shown to others); what is here
-- is private to the worker and their centre's staff.

CREATE TABLE worker_profiles (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  user_id uuid NOT NULL REFERENCES users(id),
  legal_name text NOT NULL DEFAULT '' CHECK (length(legal_name) <= 100),
  phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 20),
  email text NOT NULL DEFAULT '' CHECK (length(email) <= 254),
  address text NOT NULL DEFAULT '' CHECK (length(address) <= 300),
  preferred_place text NOT NULL DEFAULT 'both' CHECK (preferred_place IN ('centre', 'home', 'both')),
  accessibility_needs text NOT NULL DEFAULT '' CHECK (length(accessibility_needs) <= 2000),
  time_constraint_reason text
    CHECK (time_constraint_reason IN ('childcare', 'caregiving', 'disability', 'study', 'other')),
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  -- The worker asked for their data to be deleted; staff carry it out (pseudonymisation).
  deletion_requested_at timestamptz,
  pseudonymised_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);

CREATE TABLE worker_trainings (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id),
  course text NOT NULL CHECK (length(course) BETWEEN 1 AND 200),
  completed_on date NOT NULL,
  recorded_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX worker_trainings_user_idx ON worker_trainings (tenant_id, user_id, completed_on);

-- The weekly pattern as one row per range rather than one jsonb per worker: the database itself refuses a
-- bad weekday or a range that ends before it starts, and a directors' roster can ask "who works on
-- Tuesdays at 10:00" with an index. (Overlaps between a day's ranges are refused by the service, since
-- PGlite has no btree_gist for an exclusion constraint.)
CREATE TABLE availability_patterns (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  user_id uuid NOT NULL REFERENCES users(id),
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7), -- ISO: 1 Monday … 7 Sunday
  start_minute smallint NOT NULL CHECK (start_minute BETWEEN 0 AND 1439), -- minutes after local midnight
  end_minute smallint NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
  CHECK (end_minute > start_minute),
  PRIMARY KEY (tenant_id, user_id, weekday, start_minute)
);

-- A worker's settings; its presence means "I have set my hours" (no row: no limit at all).
CREATE TABLE availability_settings (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  user_id uuid NOT NULL REFERENCES users(id),
  max_minutes_per_week integer CHECK (max_minutes_per_week BETWEEN 0 AND 10080),
  works_on_holidays boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);

-- A day or days off (a child is sick today, a week off), or dates with different hours.
CREATE TABLE availability_exceptions (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id),
  date_from date NOT NULL,
  date_to date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('off', 'hours')),
  -- [{ "start": "HH:MM", "end": "HH:MM" }] for kind 'hours'; empty for 'off'.
  ranges jsonb NOT NULL DEFAULT '[]',
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (date_to >= date_from),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX availability_exceptions_user_idx ON availability_exceptions (tenant_id, user_id, date_to);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['worker_profiles', 'worker_trainings', 'availability_patterns',
                           'availability_settings', 'availability_exceptions'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = (SELECT kado_current_tenant())) WITH CHECK (tenant_id = (SELECT kado_current_tenant()))', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON worker_profiles, worker_trainings, availability_patterns,
  availability_settings, availability_exceptions TO kado_app;
