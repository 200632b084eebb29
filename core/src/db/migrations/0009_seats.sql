-- Coworking seats (issue #5): a worker books a seat at a centre workspace for a time range on one day.
-- Capacity is checked in the booking transaction under a lock on the workspace row (SELECT … FOR UPDATE),
-- so two bookings for the last seat cannot both succeed. Tenant table as in 0001: tenant_id, RLS enabled
-- and forced, keys and indexes led by tenant_id.
CREATE TABLE seat_bookings (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  -- A childcare (託児) request, only where the workspace offers childcare.
  childcare boolean NOT NULL DEFAULT false,
  childcare_children smallint CHECK (childcare_children BETWEEN 1 AND 10),
  childcare_note text NOT NULL DEFAULT '' CHECK (length(childcare_note) <= 500),
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  cancelled_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE,
  CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '24 hours'),
  CHECK (childcare OR childcare_children IS NULL)
);
-- A workspace's day (capacity, day view, availability) and a worker's own bookings.
CREATE INDEX seat_bookings_workspace_idx ON seat_bookings (tenant_id, workspace_id, starts_at)
  WHERE status = 'booked';
CREATE INDEX seat_bookings_user_idx ON seat_bookings (tenant_id, user_id, starts_at);

ALTER TABLE seat_bookings ENABLE ROW LEVEL SECURITY;
ALTER TABLE seat_bookings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON seat_bookings
  USING (tenant_id = (SELECT kado_current_tenant()))
  WITH CHECK (tenant_id = (SELECT kado_current_tenant()));
GRANT SELECT, INSERT, UPDATE, DELETE ON seat_bookings TO kado_app;
