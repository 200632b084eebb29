-- Projects (an accepted order's work), their files, imports, tasks, leases (assignments), submissions,
-- exports (deliverables), workers' skills and running accuracy. Tenant tables as in 0001: tenant_id, RLS
-- enabled and forced, keys and indexes led by tenant_id.

-- What a worker may do: a plugin's required skills must all be here for "next task" to offer its work.
CREATE TABLE worker_skills (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  user_id uuid NOT NULL REFERENCES users(id),
  skill text NOT NULL CHECK (skill ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
  level smallint NOT NULL DEFAULT 1 CHECK (level BETWEEN 1 AND 5),
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, skill)
);

-- One per accepted order. The plugin version and quality policy are kept as they were at creation, so a
-- plugin upgrade never changes how a running project is checked.
CREATE TABLE projects (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  order_id uuid NOT NULL,
  work_type text NOT NULL,
  plugin_version text NOT NULL,
  parameters jsonb NOT NULL,
  quality jsonb NOT NULL,
  -- Submissions each ordinary task needs from different workers (1 review, 2 double entry, k consensus).
  needed smallint NOT NULL CHECK (needed BETWEEN 1 AND 10),
  -- Share of offers that are golden tasks, when the project has any (percent).
  golden_percent smallint NOT NULL DEFAULT 10 CHECK (golden_percent BETWEEN 0 AND 100),
  lease_minutes integer NOT NULL CHECK (lease_minutes > 0),
  due_at timestamptz NOT NULL,
  quality_target smallint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, order_id),
  FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
);

CREATE TABLE project_files (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  project_id uuid NOT NULL,
  name text NOT NULL CHECK (name ~ '^[^/\\]{1,200}$' AND name NOT IN ('.', '..')),
  storage_key text NOT NULL,
  content_type text NOT NULL,
  size bigint NOT NULL CHECK (size >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, project_id, name),
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE imports (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL,
  format text NOT NULL,
  file_name text NOT NULL,
  storage_key text NOT NULL,
  size bigint NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'failed', 'done')),
  job_id text,
  imported integer NOT NULL DEFAULT 0,
  golden integer NOT NULL DEFAULT 0,
  -- Every bad row's number and reason (capped), when the file was rejected.
  errors jsonb NOT NULL DEFAULT '[]',
  error_count integer NOT NULL DEFAULT 0,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX imports_project_idx ON imports (tenant_id, project_id, created_at DESC);

-- open → assigned → submitted → in_review → accepted | returned. Counters are kept on the task row so a
-- claim decides from one locked row; leases past their expiry are released by the claim itself.
CREATE TABLE tasks (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL,
  import_id uuid,
  seq integer NOT NULL,
  payload jsonb NOT NULL,
  -- A golden task's known answer: never sent to a worker, never delivered.
  expected jsonb,
  status text NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'assigned', 'submitted', 'in_review', 'accepted', 'returned')),
  needed smallint NOT NULL,
  active_count smallint NOT NULL DEFAULT 0 CHECK (active_count >= 0),
  submitted_count smallint NOT NULL DEFAULT 0 CHECK (submitted_count >= 0),
  lease_expires_at timestamptz,
  -- A returned task goes back to the worker who did it.
  returned_to uuid REFERENCES users(id),
  estimated_minutes integer NOT NULL CHECK (estimated_minutes > 0),
  due_at timestamptz NOT NULL,
  differences jsonb,
  accepted_submission_id uuid,
  accepted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, project_id, seq),
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);
-- The claim's three index scans, each LIMIT 1 … SKIP LOCKED: tasks with a free slot by deadline and order
-- of import; held tasks whose earliest lease has expired; work returned to its worker.
CREATE INDEX tasks_open_idx ON tasks (tenant_id, due_at, project_id, seq)
  WHERE status = 'open' AND expected IS NULL;
CREATE INDEX tasks_lease_idx ON tasks (tenant_id, lease_expires_at)
  WHERE status = 'assigned' AND expected IS NULL;
CREATE INDEX tasks_returned_idx ON tasks (tenant_id, returned_to) WHERE status = 'returned';
CREATE INDEX tasks_golden_idx ON tasks (tenant_id, project_id, seq) WHERE expected IS NOT NULL;
CREATE INDEX tasks_status_idx ON tasks (tenant_id, project_id, status);
CREATE INDEX tasks_delivery_idx ON tasks (tenant_id, project_id, seq) WHERE status = 'accepted';

-- A worker's hold on a task (a lease), with the draft they are keying.
CREATE TABLE assignments (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL,
  project_id uuid NOT NULL,
  worker_id uuid NOT NULL REFERENCES users(id),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'submitted', 'expired', 'returned', 'released')),
  draft jsonb,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  submitted_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id) ON DELETE CASCADE
);
-- One live hold or hand-in per worker and task: a worker never keys the same item twice.
CREATE UNIQUE INDEX assignments_one_per_worker ON assignments (tenant_id, task_id, worker_id)
  WHERE status IN ('active', 'submitted');
CREATE INDEX assignments_worker_idx ON assignments (tenant_id, worker_id, status);

CREATE TABLE submissions (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  task_id uuid NOT NULL,
  project_id uuid NOT NULL,
  assignment_id uuid,
  worker_id uuid NOT NULL REFERENCES users(id),
  payload jsonb NOT NULL,
  -- pending until the quality step decides; adjudicated = a director's final answer.
  verdict text NOT NULL DEFAULT 'pending' CHECK (verdict IN ('pending', 'accepted', 'rejected', 'returned', 'adjudicated', 'scored')),
  agreement real CHECK (agreement BETWEEN 0 AND 1),
  golden boolean NOT NULL DEFAULT false,
  review_comment text,
  reviewed_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX submissions_task_idx ON submissions (tenant_id, task_id);
CREATE INDEX submissions_project_idx ON submissions (tenant_id, project_id, worker_id);

-- Running accuracy per worker and work type: the sum of agreements over the scored submissions.
CREATE TABLE worker_accuracy (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  user_id uuid NOT NULL REFERENCES users(id),
  work_type text NOT NULL,
  scored integer NOT NULL DEFAULT 0,
  agreement_sum double precision NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, work_type)
);

CREATE TABLE exports (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL,
  format text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'failed', 'done')),
  file_name text NOT NULL,
  content_type text NOT NULL,
  storage_key text NOT NULL,
  size bigint,
  tasks integer,
  error text,
  job_id text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX exports_project_idx ON exports (tenant_id, project_id, created_at DESC);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['worker_skills', 'projects', 'project_files', 'imports', 'tasks', 'assignments',
                           'submissions', 'worker_accuracy', 'exports'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = (SELECT kado_current_tenant())) WITH CHECK (tenant_id = (SELECT kado_current_tenant()))', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON worker_skills, projects, project_files, imports, tasks, assignments,
  submissions, worker_accuracy, exports TO kado_app;
