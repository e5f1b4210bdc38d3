-- Idempotency-Key for replicate requests: the first response is kept for 24 h and replayed.
CREATE TABLE idempotency_keys (
    workspace_id     BIGINT NOT NULL REFERENCES workspaces (id),
    idem_key         VARCHAR(255) NOT NULL,
    fingerprint      CHAR(64) NOT NULL,              -- sha-256 of method, path, canonical body and headers that matter
    state            VARCHAR(16) NOT NULL,           -- in_progress | completed
    response_status  INT,
    response_body    TEXT,
    locked_until     TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (workspace_id, idem_key)
);
