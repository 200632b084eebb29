-- An accepted offer whose untouched work was all moved to other centres keeps its row (and its history)
-- with nothing left to do: zero tasks is allowed once accepted.
ALTER TABLE hub_offers DROP CONSTRAINT hub_offers_tasks_check;
ALTER TABLE hub_offers ADD CONSTRAINT hub_offers_tasks_check CHECK (tasks > 0 OR status = 'accepted' AND tasks = 0);
