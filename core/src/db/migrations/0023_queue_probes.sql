-- Queue probes (issue #9): an administrator's end-to-end check of the job path across every process
-- (request → queue → a worker → the database). A probe row is written when it is enqueued; its job counts
-- each run and writes the probe's effect once. The effects table deliberately has no unique key on the
-- probe: the guard is the handler's row lock, so a handler that wrote its effect twice shows up as a
-- duplicate instead of being hidden by a constraint. Tenant tables as in 0001.
CREATE TABLE queue_probes (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  batch uuid NOT NULL,
  -- How long the job keeps running after its effect, as a long job would (mail, files): time enough to
  -- stop a worker mid-job and see the re-run change nothing.
  hold_ms integer NOT NULL DEFAULT 0 CHECK (hold_ms BETWEEN 0 AND 60000),
  created_at timestamptz NOT NULL DEFAULT now(),
  runs integer NOT NULL DEFAULT 0,
  processed_at timestamptz,
  processed_by text,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX queue_probes_batch_idx ON queue_probes (tenant_id, batch);

CREATE TABLE queue_probe_effects (
  tenant_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  probe_id uuid NOT NULL,
  processed_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, probe_id) REFERENCES queue_probes (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX queue_probe_effects_probe_idx ON queue_probe_effects (tenant_id, probe_id);

ALTER TABLE queue_probes ENABLE ROW LEVEL SECURITY;
ALTER TABLE queue_probes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON queue_probes
  USING (tenant_id = (SELECT kado_current_tenant()))
  WITH CHECK (tenant_id = (SELECT kado_current_tenant()));
GRANT SELECT, INSERT, UPDATE, DELETE ON queue_probes TO kado_app;

ALTER TABLE queue_probe_effects ENABLE ROW LEVEL SECURITY;
ALTER TABLE queue_probe_effects FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON queue_probe_effects
  USING (tenant_id = (SELECT kado_current_tenant()))
  WITH CHECK (tenant_id = (SELECT kado_current_tenant()));
GRANT SELECT, INSERT ON queue_probe_effects TO kado_app;
