-- Results of shared work come back to the hub (issue #8). A partner's accepted result becomes an accepted
-- submission of the hub's task, made by a worker the hub knows only by a pseudonymous id: such a submission
-- has no user (worker_id NULL) and names the partner centre it came from.
ALTER TABLE submissions ALTER COLUMN worker_id DROP NOT NULL;
ALTER TABLE submissions ADD COLUMN worker_pseudonym text;
ALTER TABLE submissions ADD COLUMN source_tenant_id uuid REFERENCES tenants(id);
ALTER TABLE submissions ADD CONSTRAINT submissions_worker_known
  CHECK (worker_id IS NOT NULL OR (worker_pseudonym IS NOT NULL AND source_tenant_id IS NOT NULL));

-- When a partner's result was taken into the hub's task (NULL: not yet).
ALTER TABLE hub_offer_tasks ADD COLUMN collected_at timestamptz;
-- Each share and centre's progress is read by offer; the partner reads its links by its own task.
CREATE INDEX hub_offer_tasks_uncollected_idx ON hub_offer_tasks (tenant_id, offer_id) WHERE collected_at IS NULL;
