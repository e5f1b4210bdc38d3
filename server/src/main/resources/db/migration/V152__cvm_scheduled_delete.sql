-- PATCH /cvms/{id}/scheduled-delete: when the owner wants the CVM deleted (null: never); ScheduledDeletes asks for
-- the delete once it has come.
ALTER TABLE cvms ADD COLUMN scheduled_delete_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX cvms_scheduled_delete ON cvms (scheduled_delete_at);
