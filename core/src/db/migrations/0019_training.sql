-- Training across the network (issue #8, item 6): the hub's courses and their sessions, enrolments of
-- workers of the hub and of its partner centres, and which person each enrolment is (the centre's own secret).
--
-- Courses and sessions belong to the hub (tenant_id = hub). The hub writes them; a partner centre may READ
-- the published courses and the sessions of the hub it is a partner of (policy partner_reads_hub, SELECT
-- only). An enrolment belongs to the worker's centre (tenant_id = partner, or the hub for its own workers)
-- and names the hub (hub_tenant_id): policy hub_or_partner as in 0017. The hub sees an enrolment as a
-- pseudonymous worker id and the centre; the person (user id) is kept in training_enrolment_people, which
-- only the worker's own centre can read. The index for the hub's side of enrolments leads with
-- hub_tenant_id, the hub's own tenant key (listed in the schema-rules test with this reason).

CREATE TABLE training_courses (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  title_ja text NOT NULL CHECK (length(title_ja) BETWEEN 1 AND 200),
  title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
  audience text NOT NULL CHECK (audience IN ('worker', 'director')),
  -- The work type (plugin id) the course qualifies for; null for a general course (e.g. directors').
  work_type text,
  -- Granted in the worker's own centre (worker_skills) on passing.
  skills text[] NOT NULL DEFAULT '{}',
  pass_score smallint NOT NULL CHECK (pass_score BETWEEN 0 AND 100),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  published boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX training_courses_list_idx ON training_courses (tenant_id, created_at DESC);

CREATE TABLE training_sessions (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  course_id uuid NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  mode text NOT NULL CHECK (mode IN ('online', 'centre')),
  -- Where a session at a centre takes place: one of the network's centres, or a place in words.
  centre_tenant_id uuid REFERENCES tenants(id),
  place text NOT NULL DEFAULT '' CHECK (length(place) <= 500),
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  -- Seats taken by enrolments that are not cancelled, across all centres: kept by the hub's side of every
  -- enrolment and cancellation in the same transaction; the CHECK is the last word against overbooking.
  seats_taken integer NOT NULL DEFAULT 0 CHECK (seats_taken >= 0 AND seats_taken <= capacity),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, course_id) REFERENCES training_courses (tenant_id, id),
  CHECK (ends_at > starts_at),
  CHECK (mode = 'online' OR centre_tenant_id IS NOT NULL OR place <> '')
);
CREATE INDEX training_sessions_course_idx ON training_sessions (tenant_id, course_id, starts_at);
CREATE INDEX training_sessions_upcoming_idx ON training_sessions (tenant_id, starts_at);

CREATE TABLE training_enrolments (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  hub_tenant_id uuid NOT NULL REFERENCES tenants(id),
  session_id uuid NOT NULL,
  course_id uuid NOT NULL,
  -- pseudonymousWorkerId(key, tenant_id, user id): what the hub knows of the person.
  pseudonym text NOT NULL CHECK (pseudonym ~ '^W-[A-Z2-9]{4}-[A-Z2-9]{4}$'),
  status text NOT NULL DEFAULT 'enrolled'
    CHECK (status IN ('enrolled', 'attended', 'passed', 'failed', 'cancelled')),
  score smallint CHECK (score BETWEEN 0 AND 100),
  -- 'centre': enrolled by the centre's staff; 'worker': the worker asked on their centre's training page.
  enrolled_by text NOT NULL DEFAULT 'centre' CHECK (enrolled_by IN ('centre', 'worker')),
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  attended_at timestamptz,
  assessed_at timestamptz,
  cancelled_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (hub_tenant_id, session_id) REFERENCES training_sessions (tenant_id, id),
  FOREIGN KEY (hub_tenant_id, course_id) REFERENCES training_courses (tenant_id, id),
  CHECK ((score IS NOT NULL) = (status IN ('passed', 'failed')))
);
-- One live enrolment per person and session (the pseudonym is one per centre and person).
CREATE UNIQUE INDEX training_enrolments_once_idx ON training_enrolments (tenant_id, session_id, pseudonym)
  WHERE status <> 'cancelled';
CREATE INDEX training_enrolments_partner_idx ON training_enrolments (tenant_id, enrolled_at DESC);
CREATE INDEX training_enrolments_hub_idx ON training_enrolments (hub_tenant_id, session_id);

-- The centre's own record of who each enrolment is; never visible to the hub (unless it is the hub's own).
CREATE TABLE training_enrolment_people (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  enrolment_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id),
  PRIMARY KEY (tenant_id, enrolment_id),
  FOREIGN KEY (tenant_id, enrolment_id) REFERENCES training_enrolments (tenant_id, id)
);
CREATE INDEX training_enrolment_people_user_idx ON training_enrolment_people (tenant_id, user_id);

ALTER TABLE training_courses ENABLE ROW LEVEL SECURITY;
ALTER TABLE training_courses FORCE ROW LEVEL SECURITY;
ALTER TABLE training_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE training_sessions FORCE ROW LEVEL SECURITY;
ALTER TABLE training_enrolments ENABLE ROW LEVEL SECURITY;
ALTER TABLE training_enrolments FORCE ROW LEVEL SECURITY;
ALTER TABLE training_enrolment_people ENABLE ROW LEVEL SECURITY;
ALTER TABLE training_enrolment_people FORCE ROW LEVEL SECURITY;

-- The hub owns and writes its courses and sessions.
CREATE POLICY tenant_isolation ON training_courses USING (tenant_id = (SELECT kado_current_tenant()))
  WITH CHECK (tenant_id = (SELECT kado_current_tenant()));
CREATE POLICY tenant_isolation ON training_sessions USING (tenant_id = (SELECT kado_current_tenant()))
  WITH CHECK (tenant_id = (SELECT kado_current_tenant()));
-- A partner centre reads its hub's published courses and their sessions (while the partnership has not ended).
CREATE POLICY partner_reads_hub ON training_courses FOR SELECT USING (
  published AND EXISTS (
    SELECT 1 FROM hub_partnerships p
    WHERE p.tenant_id = (SELECT kado_current_tenant()) AND p.hub_tenant_id = training_courses.tenant_id
      AND p.status <> 'ended'));
CREATE POLICY partner_reads_hub ON training_sessions FOR SELECT USING (
  EXISTS (
    SELECT 1 FROM hub_partnerships p
    WHERE p.tenant_id = (SELECT kado_current_tenant()) AND p.hub_tenant_id = training_sessions.tenant_id
      AND p.status <> 'ended'));

CREATE POLICY hub_or_partner ON training_enrolments
  USING (tenant_id = (SELECT kado_current_tenant()) OR hub_tenant_id = (SELECT kado_current_tenant()))
  WITH CHECK (tenant_id = (SELECT kado_current_tenant()) OR hub_tenant_id = (SELECT kado_current_tenant()));

CREATE POLICY tenant_isolation ON training_enrolment_people USING (tenant_id = (SELECT kado_current_tenant()))
  WITH CHECK (tenant_id = (SELECT kado_current_tenant()));

GRANT SELECT, INSERT, UPDATE ON training_courses, training_sessions, training_enrolments TO kado_app;
GRANT SELECT, INSERT ON training_enrolment_people TO kado_app;
