-- The hub's network (issue #8): the agreement with each partner centre, orders the hub shares, the offers
-- that carry a share to a partner, and which hub tasks each offer carries.
--
-- A row that two tenants must both see (an agreement, an offer, a task link) belongs to the partner
-- (tenant_id) and names its hub (hub_tenant_id). Its policy shows it to exactly those two tenants: partners
-- never see each other's rows, and no row is visible without a tenant set. Indexes for the hub's side lead
-- with hub_tenant_id, the hub's own tenant key (listed in the schema-rules test with this reason).

-- The agreement: which work types the partner takes and at what rates, and the hub's margin.
CREATE TABLE hub_partnerships (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  hub_tenant_id uuid NOT NULL REFERENCES tenants(id),
  work_types text[] NOT NULL DEFAULT '{}',
  -- Integer yen per task the hub pays the partner, per work type: {"image-annotation": 40}.
  task_rates jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(task_rates) = 'object'),
  -- Integer yen per hour for work priced by the hour.
  hourly_rate integer NOT NULL DEFAULT 1000 CHECK (hourly_rate >= 0),
  -- The hub's share of the client price, in percent.
  margin_percent smallint NOT NULL DEFAULT 10 CHECK (margin_percent BETWEEN 0 AND 100),
  status text NOT NULL DEFAULT 'onboarding' CHECK (status IN ('onboarding', 'active', 'ended')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id),
  CHECK (tenant_id <> hub_tenant_id)
);
CREATE INDEX hub_partnerships_hub_idx ON hub_partnerships (hub_tenant_id);

-- A hub order shared across centres: the proposal the solver made (and the hub edited) is kept as shown.
CREATE TABLE hub_shares (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  order_id uuid NOT NULL,
  project_id uuid NOT NULL,
  work_type text NOT NULL,
  tasks integer NOT NULL CHECK (tasks > 0),
  -- Last Tokyo calendar day on which the work must be done.
  deadline date NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'offered', 'delivered', 'cancelled')),
  proposal jsonb NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, order_id),
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id)
);

-- One partner's part of a share: what it is offered, and what it answered.
CREATE TABLE hub_offers (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  hub_tenant_id uuid NOT NULL REFERENCES tenants(id),
  share_id uuid NOT NULL,
  title text NOT NULL,
  work_type text NOT NULL,
  parameters jsonb NOT NULL DEFAULT '{}',
  quality_target smallint NOT NULL CHECK (quality_target BETWEEN 0 AND 100),
  tasks integer NOT NULL CHECK (tasks > 0),
  unit_price integer NOT NULL CHECK (unit_price >= 0),
  deadline timestamptz NOT NULL,
  respond_by timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'offered'
    CHECK (status IN ('offered', 'countered', 'accepted', 'declined', 'withdrawn')),
  counter_tasks integer CHECK (counter_tasks > 0),
  counter_unit_price integer CHECK (counter_unit_price >= 0),
  counter_note text NOT NULL DEFAULT '',
  -- The partner's own project, once accepted.
  partner_project_id uuid,
  -- Work moved here from another centre's offer.
  moved_from uuid,
  responded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (hub_tenant_id, share_id) REFERENCES hub_shares (tenant_id, id),
  CHECK (tenant_id <> hub_tenant_id)
);
CREATE INDEX hub_offers_partner_idx ON hub_offers (tenant_id, status, created_at DESC);
CREATE INDEX hub_offers_hub_idx ON hub_offers (hub_tenant_id, share_id);

-- Which hub task an offer carries, and the partner's copy of it once accepted.
CREATE TABLE hub_offer_tasks (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  hub_tenant_id uuid NOT NULL REFERENCES tenants(id),
  offer_id uuid NOT NULL,
  hub_task_id uuid NOT NULL,
  partner_task_id uuid,
  PRIMARY KEY (tenant_id, offer_id, hub_task_id),
  FOREIGN KEY (tenant_id, offer_id) REFERENCES hub_offers (tenant_id, id) ON DELETE CASCADE
);
-- A hub task is carried by at most one offer at a time.
CREATE UNIQUE INDEX hub_offer_tasks_hub_idx ON hub_offer_tasks (hub_tenant_id, hub_task_id);
CREATE UNIQUE INDEX hub_offer_tasks_partner_idx ON hub_offer_tasks (tenant_id, partner_task_id);

-- A hub task given to a partner leaves the hub's own "next task" queue while it is away.
ALTER TABLE tasks DROP CONSTRAINT tasks_status_check;
ALTER TABLE tasks ADD CONSTRAINT tasks_status_check
  CHECK (status IN ('open', 'assigned', 'submitted', 'in_review', 'accepted', 'returned', 'shared'));

ALTER TABLE hub_shares ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub_shares FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON hub_shares USING (tenant_id = (SELECT kado_current_tenant()))
  WITH CHECK (tenant_id = (SELECT kado_current_tenant()));

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['hub_partnerships', 'hub_offers', 'hub_offer_tasks'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY hub_or_partner ON %I
      USING (tenant_id = (SELECT kado_current_tenant()) OR hub_tenant_id = (SELECT kado_current_tenant()))
      WITH CHECK (tenant_id = (SELECT kado_current_tenant()) OR hub_tenant_id = (SELECT kado_current_tenant()))', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON hub_partnerships, hub_shares, hub_offers TO kado_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON hub_offer_tasks TO kado_app;
