-- Clients (発注者), the client-role people who belong to each, orders (受注), and Idempotency-Key records.
-- Tenant tables as in 0001: tenant_id, RLS enabled and forced, primary keys and indexes led by tenant_id.

CREATE TABLE clients (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('company', 'municipal_department')),
  name text NOT NULL,
  contact_person text NOT NULL DEFAULT '',
  contact_email text NOT NULL DEFAULT '',
  contact_phone text NOT NULL DEFAULT '',
  billing_address text NOT NULL DEFAULT '',
  -- 適格請求書発行事業者登録番号; the check digit is validated by the API (T + 13 digits here).
  invoice_registration_number text CHECK (invoice_registration_number ~ '^T[0-9]{13}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

-- A client-role member of the tenant belongs to one client company (and sees only its orders).
CREATE TABLE client_users (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  user_id uuid NOT NULL REFERENCES users(id),
  client_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX client_users_client_idx ON client_users (tenant_id, client_id);

-- Money is integer yen. 請負 (ukeoi) is priced per unit, 準委任 (jun_inin) by the hour; the amount is
-- always the product of the pair that belongs to the contract type, and the other pair is empty.
CREATE TABLE orders (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  client_id uuid NOT NULL,
  title text NOT NULL,
  work_type text NOT NULL CHECK (work_type ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(work_type) <= 50),
  parameters jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(parameters) = 'object'),
  contract_type text NOT NULL CHECK (contract_type IN ('ukeoi', 'jun_inin')),
  quantity integer CHECK (quantity > 0),
  unit_price integer CHECK (unit_price >= 0),
  hours integer CHECK (hours > 0),
  hourly_rate integer CHECK (hourly_rate >= 0),
  amount bigint NOT NULL CHECK (amount >= 0),
  deadline timestamptz NOT NULL,
  quality_target smallint NOT NULL CHECK (quality_target BETWEEN 0 AND 100),
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'accepted', 'in_progress', 'delivered', 'completed', 'cancelled')),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
  CONSTRAINT orders_pricing CHECK (
    (contract_type = 'ukeoi' AND quantity IS NOT NULL AND unit_price IS NOT NULL
      AND hours IS NULL AND hourly_rate IS NULL AND amount = quantity::bigint * unit_price)
    OR
    (contract_type = 'jun_inin' AND hours IS NOT NULL AND hourly_rate IS NOT NULL
      AND quantity IS NULL AND unit_price IS NULL AND amount = hours::bigint * hourly_rate)
  )
);
CREATE INDEX orders_client_idx ON orders (tenant_id, client_id, created_at DESC);
CREATE INDEX orders_status_idx ON orders (tenant_id, status, deadline);

-- Idempotency-Key (as Stripe does): the first successful response is kept with a hash of the request and
-- replayed for the same key; the same key with another request is refused. Per tenant; kept at least 24 h.
CREATE TABLE idempotency_keys (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  key text NOT NULL CHECK (key ~ '^[A-Za-z0-9_.:-]{1,255}$'),
  request_hash text NOT NULL,
  state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done')),
  response_status integer,
  response_body jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL DEFAULT now() + interval '24 hours',
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (tenant_id, expires_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['clients', 'client_users', 'orders', 'idempotency_keys'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = (SELECT kado_current_tenant())) WITH CHECK (tenant_id = (SELECT kado_current_tenant()))', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON clients, client_users, orders, idempotency_keys TO kado_app;
