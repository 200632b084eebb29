-- Onboarding a partner centre (issue #8, part 1): the launch checklist both sides tick.
--
-- One row per item and partner. The hub ticks its column (hub_done_*), the partner its own (partner_done_*);
-- who ticked (a user, or NULL for the system, e.g. `kado tenants apply`) and when. Like the agreement in
-- hub_partnerships (0017), a row belongs to the partner (tenant_id) and names its hub (hub_tenant_id), and
-- the policy "hub_or_partner" shows it to exactly those two tenants. When every item is ticked by both
-- sides the service makes the partnership and the partner tenant active, in the same transaction.

-- The checklist names the partnership's hub, so a row cannot point at another hub than its agreement's.
ALTER TABLE hub_partnerships
  ADD CONSTRAINT hub_partnerships_tenant_hub_key UNIQUE (tenant_id, hub_tenant_id);

CREATE TABLE hub_partner_checklist (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  hub_tenant_id uuid NOT NULL REFERENCES tenants(id),
  item text NOT NULL CHECK (item IN (
    'workspace_ready',      -- 拠点の準備
    'pcs_ready',            -- PCの設置
    'budget_approved',      -- 予算の承認
    'recruiting_started',   -- ワーカー募集開始
    'first_training_done'   -- 初回研修の実施
  )),
  hub_done_at timestamptz,
  hub_done_by uuid REFERENCES users(id),
  partner_done_at timestamptz,
  partner_done_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, item),
  FOREIGN KEY (tenant_id, hub_tenant_id) REFERENCES hub_partnerships (tenant_id, hub_tenant_id),
  CHECK (tenant_id <> hub_tenant_id),
  -- Who ticked is only known for a ticked item.
  CHECK (hub_done_at IS NOT NULL OR hub_done_by IS NULL),
  CHECK (partner_done_at IS NOT NULL OR partner_done_by IS NULL)
);
-- The hub reads its partners' checklists through hub_partnerships (hub-led index) and then this primary key
-- (tenant_id first): no hub-led index is needed here.

-- Each side writes only its own column, whatever the application does: the app role in the partner cannot
-- tick the hub's column, and the hub cannot tick the partner's.
CREATE FUNCTION hub_partner_checklist_sides() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  acting uuid := kado_current_tenant();
BEGIN
  IF current_user <> 'kado_app' THEN
    RETURN NEW; -- the owner (migrations, maintenance)
  END IF;
  IF TG_OP = 'UPDATE' AND (NEW.tenant_id <> OLD.tenant_id OR NEW.hub_tenant_id <> OLD.hub_tenant_id
      OR NEW.item <> OLD.item) THEN
    RAISE EXCEPTION 'a checklist row cannot move' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (NEW.hub_done_at, NEW.hub_done_by) IS DISTINCT FROM
       (CASE WHEN TG_OP = 'UPDATE' THEN OLD.hub_done_at END, CASE WHEN TG_OP = 'UPDATE' THEN OLD.hub_done_by END)
     AND acting IS DISTINCT FROM NEW.hub_tenant_id THEN
    RAISE EXCEPTION 'only the hub ticks the hub''s column' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (NEW.partner_done_at, NEW.partner_done_by) IS DISTINCT FROM
       (CASE WHEN TG_OP = 'UPDATE' THEN OLD.partner_done_at END, CASE WHEN TG_OP = 'UPDATE' THEN OLD.partner_done_by END)
     AND acting IS DISTINCT FROM NEW.tenant_id THEN
    RAISE EXCEPTION 'only the partner ticks the partner''s column' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER hub_partner_checklist_sides BEFORE INSERT OR UPDATE ON hub_partner_checklist
  FOR EACH ROW EXECUTE FUNCTION hub_partner_checklist_sides();

ALTER TABLE hub_partner_checklist ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub_partner_checklist FORCE ROW LEVEL SECURITY;
CREATE POLICY hub_or_partner ON hub_partner_checklist
  USING (tenant_id = (SELECT kado_current_tenant()) OR hub_tenant_id = (SELECT kado_current_tenant()))
  WITH CHECK (tenant_id = (SELECT kado_current_tenant()) OR hub_tenant_id = (SELECT kado_current_tenant()));

GRANT SELECT, INSERT, UPDATE ON hub_partner_checklist TO kado_app;
