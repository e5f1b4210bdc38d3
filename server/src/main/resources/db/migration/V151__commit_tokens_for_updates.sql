-- Issue 9: a prepared update waits for on-chain approval under the same one-time commit tokens as a prepared
-- replica. The table now holds both (purpose), names the CVM a token acts on (the replica's source or the CVM
-- being updated) and its node, and remembers an update's new resources and OS image (null: kept).
ALTER TABLE replica_commit_tokens RENAME TO commit_tokens;
ALTER TABLE commit_tokens RENAME COLUMN source_cvm_id TO cvm_id;
ALTER TABLE commit_tokens RENAME COLUMN target_node_id TO node_id;
ALTER TABLE commit_tokens ADD COLUMN purpose VARCHAR(16) DEFAULT 'replica' NOT NULL;
ALTER TABLE commit_tokens ADD COLUMN vcpu INT;
ALTER TABLE commit_tokens ADD COLUMN memory_mb INT;
ALTER TABLE commit_tokens ADD COLUMN disk_gb INT;
ALTER TABLE commit_tokens ADD COLUMN image VARCHAR(255);
-- pending updates of an app: unused tokens by CVM
CREATE INDEX commit_tokens_cvm ON commit_tokens (cvm_id, purpose);
