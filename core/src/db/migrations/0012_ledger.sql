-- The ledger (issue #7, part 1): a double-entry book per tenant in integer yen. Every journal entry has at
-- least two lines whose amounts (positive = debit, negative = credit) sum to zero, and the database itself
-- refuses any other: deferred constraint triggers check each entry touched by a transaction at its commit,
-- so an entry and its lines are written by separate INSERTs and checked once all are in. Entries and lines
-- are append-only: a correction is a reversing entry (reverses_id), never an edit.
-- Tenant tables as in 0001: tenant_id, RLS enabled and forced, keys and indexes led by tenant_id.

CREATE TABLE ledger_accounts (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name_ja text NOT NULL CHECK (length(name_ja) BETWEEN 1 AND 100),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
  kind text NOT NULL CHECK (kind IN ('asset', 'liability', 'revenue', 'expense', 'equity')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, code)
);

CREATE TABLE journal_entries (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  entry_date date NOT NULL,
  memo text NOT NULL CHECK (length(memo) BETWEEN 1 AND 500),
  -- What the entry records, when it comes from another context (a payout run, an invoice, …).
  source_kind text CHECK (source_kind ~ '^[a-z][a-z0-9_.-]{0,39}$'),
  source_id text CHECK (length(source_id) BETWEEN 1 AND 100),
  reverses_id uuid,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, reverses_id) REFERENCES journal_entries (tenant_id, id),
  CHECK ((source_kind IS NULL) = (source_id IS NULL)),
  CHECK (reverses_id IS NULL OR reverses_id <> id)
);
-- An entry is reversed at most once.
CREATE UNIQUE INDEX journal_entries_reverses_key ON journal_entries (tenant_id, reverses_id)
  WHERE reverses_id IS NOT NULL;
CREATE INDEX journal_entries_date_idx ON journal_entries (tenant_id, entry_date, created_at);
CREATE INDEX journal_entries_source_idx ON journal_entries (tenant_id, source_kind, source_id)
  WHERE source_kind IS NOT NULL;

CREATE TABLE journal_lines (
  tenant_id uuid NOT NULL,
  entry_id uuid NOT NULL,
  line_no smallint NOT NULL CHECK (line_no > 0),
  account_code text NOT NULL,
  -- Integer yen: positive = debit, negative = credit. Bounded so sums stay exact in JavaScript numbers.
  amount bigint NOT NULL CHECK (amount <> 0 AND amount BETWEEN -1000000000000 AND 1000000000000),
  PRIMARY KEY (tenant_id, entry_id, line_no),
  FOREIGN KEY (tenant_id, entry_id) REFERENCES journal_entries (tenant_id, id),
  FOREIGN KEY (tenant_id, account_code) REFERENCES ledger_accounts (tenant_id, code)
);
-- Balances by account as of a date.
CREATE INDEX journal_lines_account_idx ON journal_lines (tenant_id, account_code);

-- At commit: the entry has at least two lines and they sum to zero. Runs as the caller (kado_app under
-- RLS with the tenant still set, as SET LOCAL lasts until the transaction ends): if RLS hid the lines the
-- check would see none and refuse, so it fails closed, never open.
CREATE FUNCTION ledger_check_entry_balances() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  eid uuid;
  total numeric;
  n integer;
BEGIN
  -- Separate assignments: NEW of an entry has no entry_id (plpgsql resolves fields when it runs a line).
  IF TG_TABLE_NAME = 'journal_entries' THEN eid := NEW.id; ELSE eid := NEW.entry_id; END IF;
  SELECT coalesce(sum(amount), 0), count(*) INTO total, n
    FROM journal_lines WHERE tenant_id = NEW.tenant_id AND entry_id = eid;
  IF n < 2 THEN
    RAISE EXCEPTION 'journal entry % has % line(s); an entry needs at least two', eid, n
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_two_lines';
  END IF;
  IF total <> 0 THEN
    RAISE EXCEPTION 'journal entry % does not balance: its lines sum to % yen', eid, total
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced';
  END IF;
  RETURN NULL;
END $$;

-- On the entry (catches an entry with no lines at all) and on its lines (catches lines added later).
CREATE CONSTRAINT TRIGGER journal_entry_balanced AFTER INSERT ON journal_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_entry_balances();
CREATE CONSTRAINT TRIGGER journal_lines_balanced AFTER INSERT ON journal_lines
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_entry_balances();

-- Append-only, even for the owner: the app role has no UPDATE or DELETE grant, and these refuse them anyway.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: post a reversing entry instead of %', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journal_lines_append_only BEFORE UPDATE OR DELETE ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journal_entries_no_truncate BEFORE TRUNCATE ON journal_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER journal_lines_no_truncate BEFORE TRUNCATE ON journal_lines
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['ledger_accounts', 'journal_entries', 'journal_lines'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = (SELECT kado_current_tenant())) WITH CHECK (tenant_id = (SELECT kado_current_tenant()))', t);
  END LOOP;
END $$;

-- Accounts are seeded per tenant on first use; entries and lines are only ever added.
REVOKE ALL ON ledger_accounts, journal_entries, journal_lines FROM kado_app;
GRANT SELECT, INSERT ON ledger_accounts, journal_entries, journal_lines TO kado_app;
