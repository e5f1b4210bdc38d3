-- When an instance last took its turn to probe, and to reconcile, each node: with several control-plane
-- instances on one database a node is probed and reconciled once per interval, not once per instance.
ALTER TABLE nodes ADD COLUMN probed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE nodes ADD COLUMN reconciled_at TIMESTAMP WITH TIME ZONE;
