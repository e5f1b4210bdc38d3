-- The base domain a node's dstack-gateway publishes its guests under (GetMeta's gateway.base_domain), recorded by
-- the prober so a CVM's record can name its gateway without asking the node.
ALTER TABLE nodes ADD COLUMN gateway_domain VARCHAR(255);
