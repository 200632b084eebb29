-- Foundation: tenants, workspaces, identity, audit, mail outbox.
-- Tenant-owned tables carry tenant_id, have RLS enabled AND forced, and indexes led by tenant_id.
-- The application works as kado_app (no BYPASSRLS) via SET LOCAL ROLE; this script runs as the owner.

DO $$ BEGIN
  CREATE ROLE kado_app NOLOGIN NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- roles are cluster-wide
END $$;

-- The tenant set for this transaction, or NULL when none is: then tenant policies match nothing.
CREATE FUNCTION kado_current_tenant() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('kado.tenant_id', true), '')::uuid $$;
CREATE FUNCTION kado_current_user() RETURNS uuid LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('kado.user_id', true), '')::uuid $$;

-- The directory of centres. Global: a tenant's public face (slug, names) is needed before membership is known.
CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9-]{1,39}$'),
  name_ja text NOT NULL,
  name_en text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('hub', 'municipality', 'operator')),
  prefecture text NOT NULL,
  local_government_code char(6) NOT NULL,
  fiscal_year_start_month smallint NOT NULL DEFAULT 4 CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
  time_zone text NOT NULL DEFAULT 'Asia/Tokyo',
  status text NOT NULL DEFAULT 'onboarding' CHECK (status IN ('onboarding', 'active', 'suspended')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Codes change on mergers and promotions; keep every code a tenant has had.
CREATE TABLE tenant_code_history (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  local_government_code char(6) NOT NULL,
  valid_from timestamptz NOT NULL DEFAULT now(),
  changed_by uuid,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  display_name text NOT NULL,
  password_hash text,
  locale text NOT NULL DEFAULT 'ja' CHECK (locale IN ('ja', 'en')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Server-side sessions; the cookie holds a random token, the table only its SHA-256.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE sign_in_attempts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  ip text NOT NULL,
  succeeded boolean NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_attempts_email_idx ON sign_in_attempts (email, at);
CREATE INDEX sign_in_attempts_ip_idx ON sign_in_attempts (ip, at);

CREATE TABLE memberships (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id),
  role text NOT NULL CHECK (role IN ('hub_admin', 'tenant_admin', 'director', 'worker', 'client')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, user_id)
);
-- The one index not led by tenant_id: "my memberships in every tenant" for the tenant switcher.
CREATE INDEX memberships_user_idx ON memberships (user_id);

CREATE TABLE workspaces (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('coworking', 'home')),
  address text NOT NULL DEFAULT '',
  seats integer NOT NULL DEFAULT 0 CHECK (seats >= 0),
  opening_hours jsonb NOT NULL DEFAULT '[]',
  childcare boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

CREATE TABLE invitations (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  email text NOT NULL,
  role text NOT NULL CHECK (role IN ('tenant_admin', 'director', 'worker', 'client')),
  token_hash text NOT NULL,
  invited_by uuid REFERENCES users(id),
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash)
);

CREATE TABLE api_tokens (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('tenant_admin', 'director', 'worker', 'client')),
  token_hash text NOT NULL,
  prefix text NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash)
);

-- Append-only: kado_app may insert and read, never update or delete.
CREATE TABLE audit_log (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid,
  actor_token_id uuid,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text,
  data jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_tenant_at_idx ON audit_log (tenant_id, at DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (tenant_id, entity_type, entity_id);

-- Mail leaves through an outbox so a failed send never loses or half-commits a change.
CREATE TABLE mail_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  to_address text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text
);
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (created_at) WHERE sent_at IS NULL;

-- Row-level security on every tenant table.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['tenant_code_history', 'memberships', 'workspaces', 'invitations', 'api_tokens', 'audit_log'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = (SELECT kado_current_tenant())) WITH CHECK (tenant_id = (SELECT kado_current_tenant()))', t);
  END LOOP;
END $$;

-- A signed-in person may read their own memberships in every tenant (the tenant switcher), nothing more.
CREATE POLICY own_memberships ON memberships FOR SELECT USING (user_id = (SELECT kado_current_user()));

GRANT USAGE ON SCHEMA public TO kado_app;
GRANT SELECT, INSERT, UPDATE ON tenants TO kado_app;
GRANT SELECT, INSERT ON tenant_code_history TO kado_app;
GRANT SELECT, INSERT, UPDATE ON users TO kado_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions, sign_in_attempts, mail_outbox TO kado_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON memberships, workspaces, invitations, api_tokens TO kado_app;
GRANT SELECT, INSERT ON audit_log TO kado_app;
GRANT EXECUTE ON FUNCTION kado_current_tenant(), kado_current_user() TO kado_app;
