-- Background jobs of the in-process (database) queue adapter; with REDIS_URL set BullMQ holds them instead.
-- A job accepted here survives a restart. Delivery is at least once, so handlers must be idempotent.

CREATE TABLE jobs (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  queue text NOT NULL,
  -- The caller's idempotency key (jobId) or a random UUID: unique per tenant and queue.
  id text NOT NULL CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$'),
  name text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'active', 'completed', 'failed')),
  progress double precision NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  attempts integer NOT NULL DEFAULT 0, -- attempts started, including one whose worker died
  max_attempts integer NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
  backoff_ms integer NOT NULL DEFAULT 1000 CHECK (backoff_ms >= 0),
  run_at timestamptz NOT NULL DEFAULT now(), -- a waiting job is not claimed before (retry backoff)
  -- The lease of an active job: renewed while its handler runs; once past, the claim takes the job again.
  locked_until timestamptz,
  lock_token uuid, -- which claim holds the lease: a worker that lost it cannot complete or fail the job
  error text,
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, queue, id)
);
CREATE INDEX jobs_list_idx ON jobs (tenant_id, queue, state, created_at DESC);
-- The claim is the one query across tenants, so these two lead with the queue, not the tenant. Partial:
-- finished jobs, the bulk of the table, are not in them.
CREATE INDEX jobs_due_idx ON jobs (queue, run_at) WHERE state = 'waiting';
CREATE INDEX jobs_lease_idx ON jobs (queue, locked_until) WHERE state = 'active';

ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON jobs USING (tenant_id = (SELECT kado_current_tenant()))
  WITH CHECK (tenant_id = (SELECT kado_current_tenant()));
-- FORCE subjects the owner to RLS too. The claim function runs as the owner; unless that is a superuser or
-- has BYPASSRLS it would see no job at all, so the owner (this script's role) gets its own policy. It
-- gains nothing by it: as the table's owner it could switch RLS off anyway.
DO $$ BEGIN
  EXECUTE format('CREATE POLICY owner_claims ON jobs TO %I USING (true) WITH CHECK (true)', current_user);
END $$;

/*
 * Claims up to n due jobs of a queue, across tenants: waiting jobs whose run_at has come, and active jobs
 * whose lease has expired (their worker died: no sweeper needed). SKIP LOCKED lets concurrent workers
 * claim disjoint jobs. SECURITY DEFINER is the one narrow privilege kado_app gets over other tenants'
 * rows; progress, completion and failure go through withTenant() and RLS like any other write.
 */
CREATE FUNCTION kado_claim_jobs(p_queue text, p_n integer, p_lease_seconds integer)
RETURNS TABLE (
  tenant_id uuid, id text, name text, data jsonb, attempts integer, max_attempts integer,
  backoff_ms integer, progress double precision, lock_token uuid
)
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  WITH due AS (
    SELECT j.tenant_id, j.queue, j.id FROM public.jobs j
    WHERE j.queue = p_queue AND j.state = 'waiting' AND j.run_at <= now()
    ORDER BY j.run_at LIMIT least(greatest(p_n, 0), 1000)
    FOR UPDATE SKIP LOCKED
  ), expired AS (
    SELECT j.tenant_id, j.queue, j.id FROM public.jobs j
    WHERE j.queue = p_queue AND j.state = 'active' AND j.locked_until <= now()
    ORDER BY j.locked_until LIMIT least(greatest(p_n, 0), 1000)
    FOR UPDATE SKIP LOCKED
  ), picked AS (
    SELECT * FROM expired UNION ALL SELECT * FROM due LIMIT least(greatest(p_n, 0), 1000)
  )
  UPDATE public.jobs j
  SET state = 'active',
      attempts = j.attempts + 1,
      lock_token = gen_random_uuid(),
      locked_until = now() + make_interval(secs => greatest(p_lease_seconds, 1))
  FROM picked p
  WHERE j.tenant_id = p.tenant_id AND j.queue = p.queue AND j.id = p.id
  RETURNING j.tenant_id, j.id, j.name, j.data, j.attempts, j.max_attempts, j.backoff_ms, j.progress, j.lock_token
$$;
REVOKE ALL ON FUNCTION kado_claim_jobs(text, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kado_claim_jobs(text, integer, integer) TO kado_app;

GRANT SELECT, INSERT, UPDATE ON jobs TO kado_app;
