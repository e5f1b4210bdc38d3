-- Quotes uploaded to POST /attestations/verify, by the SHA-256 of their bytes, with what verification found.
CREATE TABLE attestation_quotes (
    checksum     CHAR(64) PRIMARY KEY,                -- sha-256 of the quote bytes, lower-case hex
    quote_hex    TEXT NOT NULL,
    verified     BOOLEAN NOT NULL,
    summary      TEXT NOT NULL,                       -- the verdict in words (says when the root is a simulator's)
    uploaded_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    verified_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX attestation_quotes_uploaded ON attestation_quotes (uploaded_at DESC);
