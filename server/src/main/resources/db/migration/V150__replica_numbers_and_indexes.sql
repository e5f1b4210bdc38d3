-- Issue 8 (performance). A replica records the n of its name <source>-replica-<n>, so that the smallest free n
-- is one indexed query among the source's replicas instead of one query per taken name. Replicas made before
-- this column keep it NULL: their names still hold the unique (workspace_id, active_name), and the replica
-- flow probes past them when its first choice collides.
ALTER TABLE cvms ADD COLUMN replica_number INT;
CREATE INDEX cvms_source_replica ON cvms (source_cvm_id, replica_number);

-- The revision check of a replicate reads the smallest and largest live compose hash of the app (two index
-- range ends, not every live CVM of the app).
CREATE INDEX cvms_app_hash ON cvms (app_pk, compose_hash);

-- {cvm_id} in its app-id and instance-id forms (a sequential scan of every CVM row without them).
CREATE INDEX cvms_app_id ON cvms (app_id);
CREATE INDEX cvms_instance_id ON cvms (instance_id);
