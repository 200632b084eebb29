-- Worker payouts (issue #7, part 3): the centre's remitter account, workers' bank accounts, monthly payout
-- runs and one statement per worker and month. Account numbers and holder names are stored encrypted
-- (AES-256-GCM, `v1:` key-version prefix, see payouts/bank-account-cipher.ts); only the last digits are
-- kept in clear for the mask. Money is append-only: a bank account change is a new version row, a
-- statement's amounts never change once written and it is never deleted (a discarded preview is flagged).
-- Tenant tables as in 0001: tenant_id, RLS enabled and forced, keys and indexes led by tenant_id.

CREATE TABLE payout_settings (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  consignor_code text NOT NULL CHECK (consignor_code ~ '^[0-9]{10}$'),
  -- Already converted to half-width bank kana (what the Zengin header carries).
  consignor_name text NOT NULL CHECK (length(consignor_name) BETWEEN 1 AND 40),
  bank_code text NOT NULL CHECK (bank_code ~ '^[0-9]{4}$'),
  bank_name text NOT NULL CHECK (length(bank_name) BETWEEN 1 AND 60),
  branch_code text NOT NULL CHECK (branch_code ~ '^[0-9]{3}$'),
  branch_name text NOT NULL CHECK (length(branch_name) BETWEEN 1 AND 60),
  account_type smallint NOT NULL CHECK (account_type IN (1, 2, 4, 9)),
  account_number_enc text NOT NULL,
  account_last_digits text NOT NULL CHECK (account_last_digits ~ '^[0-9]{3}$'),
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);

-- One row per registration: the newest row of a worker is their account; older rows stay so an approved
-- run keeps paying into the account it was approved with.
CREATE TABLE worker_bank_accounts (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id),
  bank_code text NOT NULL CHECK (bank_code ~ '^[0-9]{4}$'),
  bank_name text NOT NULL CHECK (length(bank_name) BETWEEN 1 AND 60),
  branch_code text NOT NULL CHECK (branch_code ~ '^[0-9]{3}$'),
  branch_name text NOT NULL CHECK (length(branch_name) BETWEEN 1 AND 60),
  account_type smallint NOT NULL CHECK (account_type IN (1, 2, 4, 9)),
  account_number_enc text NOT NULL,
  account_last_digits text NOT NULL CHECK (account_last_digits ~ '^[0-9]{3}$'),
  holder_enc text NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX worker_bank_accounts_user_idx ON worker_bank_accounts (tenant_id, user_id, created_at DESC);

CREATE TABLE payout_runs (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  status text NOT NULL DEFAULT 'preview'
    CHECK (status IN ('preview', 'approved', 'processing', 'completed', 'failed', 'discarded')),
  payment_date date NOT NULL,
  payment_date_note text,
  workers integer NOT NULL CHECK (workers > 0),
  -- Integer yen: the sum of the run's statements.
  total_amount bigint NOT NULL CHECK (total_amount > 0 AND total_amount <= 999999999999),
  job_id text,
  zengin_key text,
  error text,
  approved_at timestamptz,
  approved_by uuid REFERENCES users(id),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  CHECK ((status IN ('preview', 'discarded')) OR approved_at IS NOT NULL)
);
-- One open preview per month (a second run after an approval pays only the rest).
CREATE UNIQUE INDEX payout_runs_open_month_key ON payout_runs (tenant_id, month) WHERE status = 'preview';
CREATE INDEX payout_runs_created_idx ON payout_runs (tenant_id, created_at DESC);

CREATE TABLE payout_statements (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  run_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id),
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  worker_name text NOT NULL,
  minutes integer NOT NULL CHECK (minutes >= 0),
  hourly_rate integer NOT NULL CHECK (hourly_rate >= 0),
  hour_amount bigint NOT NULL CHECK (hour_amount >= 0),
  units integer NOT NULL CHECK (units >= 0),
  unit_amount bigint NOT NULL CHECK (unit_amount >= 0),
  amount bigint NOT NULL CHECK (amount > 0 AND amount <= 9999999999 AND amount = hour_amount + unit_amount),
  payment_date date NOT NULL,
  -- Fixed at approval: the account version the transfer goes to.
  bank_account_id uuid,
  pdf_key text,
  discarded boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, run_id) REFERENCES payout_runs (tenant_id, id),
  FOREIGN KEY (tenant_id, bank_account_id) REFERENCES worker_bank_accounts (tenant_id, id)
);
-- Nobody is paid twice for a month: one live statement per worker and month across every run.
CREATE UNIQUE INDEX payout_statements_once_key ON payout_statements (tenant_id, month, user_id) WHERE NOT discarded;
CREATE INDEX payout_statements_run_idx ON payout_statements (tenant_id, run_id);
CREATE INDEX payout_statements_user_idx ON payout_statements (tenant_id, user_id, month);

-- A statement's money never changes and it is never deleted. Only three moves are allowed, each once:
-- fixing the bank account at approval, recording the stored PDF, and discarding a preview.
CREATE FUNCTION payout_statements_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'payout_statements is append-only (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (NEW.tenant_id, NEW.id, NEW.run_id, NEW.user_id, NEW.month, NEW.minutes, NEW.hourly_rate, NEW.hour_amount,
      NEW.units, NEW.unit_amount, NEW.amount, NEW.payment_date, NEW.worker_name, NEW.created_at)
     IS DISTINCT FROM
     (OLD.tenant_id, OLD.id, OLD.run_id, OLD.user_id, OLD.month, OLD.minutes, OLD.hourly_rate, OLD.hour_amount,
      OLD.units, OLD.unit_amount, OLD.amount, OLD.payment_date, OLD.worker_name, OLD.created_at)
     OR (OLD.bank_account_id IS NOT NULL AND NEW.bank_account_id IS DISTINCT FROM OLD.bank_account_id)
     OR (OLD.pdf_key IS NOT NULL AND NEW.pdf_key IS DISTINCT FROM OLD.pdf_key)
     OR (OLD.discarded AND NOT NEW.discarded) THEN
    RAISE EXCEPTION 'a payout statement''s amounts, account and PDF are fixed once written'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payout_statements_guard BEFORE UPDATE OR DELETE ON payout_statements
  FOR EACH ROW EXECUTE FUNCTION payout_statements_guard();

-- A run's amounts and month are fixed; runs are never deleted.
CREATE FUNCTION payout_runs_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'payout_runs are never deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (NEW.tenant_id, NEW.id, NEW.month, NEW.total_amount, NEW.workers, NEW.payment_date)
     IS DISTINCT FROM (OLD.tenant_id, OLD.id, OLD.month, OLD.total_amount, OLD.workers, OLD.payment_date)
     OR (OLD.zengin_key IS NOT NULL AND NEW.zengin_key IS DISTINCT FROM OLD.zengin_key)
     OR (OLD.status = 'discarded' AND NEW.status <> 'discarded')
     OR (OLD.status <> 'preview' AND NEW.status IN ('preview', 'discarded')) THEN
    RAISE EXCEPTION 'a payout run''s month, amounts and file are fixed once written'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payout_runs_guard BEFORE UPDATE OR DELETE ON payout_runs
  FOR EACH ROW EXECUTE FUNCTION payout_runs_guard();

CREATE FUNCTION worker_bank_accounts_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'worker_bank_accounts is append-only: register a new version instead of %', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER worker_bank_accounts_append_only BEFORE UPDATE OR DELETE ON worker_bank_accounts
  FOR EACH ROW EXECUTE FUNCTION worker_bank_accounts_append_only();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['payout_settings', 'worker_bank_accounts', 'payout_runs', 'payout_statements'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = (SELECT kado_current_tenant())) WITH CHECK (tenant_id = (SELECT kado_current_tenant()))', t);
  END LOOP;
END $$;

REVOKE ALL ON payout_settings, worker_bank_accounts, payout_runs, payout_statements FROM kado_app;
GRANT SELECT, INSERT, UPDATE ON payout_settings TO kado_app;
GRANT SELECT, INSERT ON worker_bank_accounts TO kado_app;
GRANT SELECT, INSERT, UPDATE ON payout_runs, payout_statements TO kado_app;
