-- Worker payouts, part 2: recording that a completed run's bank transfer was made. An admin marks the run
-- paid with the transfer date; the ledger gets one entry (Dr payables_workers / Cr cash, source
-- payout_run_paid) in the same transaction. 0014 has landed and is not edited: its status check is
-- replaced here and its guard function redefined with the paid rules.

ALTER TABLE payout_runs DROP CONSTRAINT payout_runs_status_check;
ALTER TABLE payout_runs ADD CONSTRAINT payout_runs_status_check
  CHECK (status IN ('preview', 'approved', 'processing', 'completed', 'failed', 'discarded', 'paid'));

ALTER TABLE payout_runs
  ADD COLUMN paid_at timestamptz,
  -- The day the bank transfer was made (the ledger entry's date).
  ADD COLUMN paid_on date,
  ADD COLUMN paid_by uuid REFERENCES users(id);

ALTER TABLE payout_runs ADD CONSTRAINT payout_runs_paid_check
  CHECK ((status = 'paid') = (paid_at IS NOT NULL) AND (status = 'paid') = (paid_on IS NOT NULL));

-- As in 0014, plus: only a completed run becomes paid, a paid run stays paid, and its date never changes.
CREATE OR REPLACE FUNCTION payout_runs_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'payout_runs are never deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (NEW.tenant_id, NEW.id, NEW.month, NEW.total_amount, NEW.workers, NEW.payment_date)
     IS DISTINCT FROM (OLD.tenant_id, OLD.id, OLD.month, OLD.total_amount, OLD.workers, OLD.payment_date)
     OR (OLD.zengin_key IS NOT NULL AND NEW.zengin_key IS DISTINCT FROM OLD.zengin_key)
     OR (OLD.status = 'discarded' AND NEW.status <> 'discarded')
     OR (OLD.status <> 'preview' AND NEW.status IN ('preview', 'discarded'))
     OR (NEW.status = 'paid' AND OLD.status NOT IN ('completed', 'paid'))
     OR (OLD.status = 'paid' AND NEW.status <> 'paid')
     OR (OLD.paid_on IS NOT NULL AND (NEW.paid_on, NEW.paid_at, NEW.paid_by)
         IS DISTINCT FROM (OLD.paid_on, OLD.paid_at, OLD.paid_by)) THEN
    RAISE EXCEPTION 'a payout run''s month, amounts and file are fixed once written'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
