-- The day a task with a set time (a shift) happens, from its plugin's timeWindow at import: a worker's weekly
-- maximum counts a shift in the week it takes place, not the week it was signed up for.
ALTER TABLE tasks ADD COLUMN scheduled_on date;
CREATE INDEX tasks_scheduled_idx ON tasks (tenant_id, scheduled_on) WHERE scheduled_on IS NOT NULL;
