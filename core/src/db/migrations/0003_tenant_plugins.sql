-- Work-type plugins enabled per tenant. Plugins themselves are code (installed packages), not rows: a row
-- here says a tenant has switched one on or off, and which plugin version it was last enabled with.

CREATE TABLE tenant_plugins (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  plugin_id text NOT NULL CHECK (plugin_id ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
  enabled boolean NOT NULL,
  version text NOT NULL, -- the plugin version it was (last) enabled with
  enabled_at timestamptz NOT NULL DEFAULT now(),
  enabled_by uuid REFERENCES users(id),
  changed_at timestamptz NOT NULL DEFAULT now(), -- last enable or disable
  changed_by uuid REFERENCES users(id),
  PRIMARY KEY (tenant_id, plugin_id)
);

ALTER TABLE tenant_plugins ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_plugins FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_plugins USING (tenant_id = (SELECT kado_current_tenant()))
  WITH CHECK (tenant_id = (SELECT kado_current_tenant()));

GRANT SELECT, INSERT, UPDATE ON tenant_plugins TO kado_app;
