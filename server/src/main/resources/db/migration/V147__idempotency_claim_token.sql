-- Each claim of an Idempotency-Key gets its own token: a claim is now short and renewed while its request runs,
-- so a key whose holder died frees within seconds; the token keeps a holder that was only frozen (and whose
-- key was taken over meanwhile) from recording its reply, which rolls its replica back.
ALTER TABLE idempotency_keys ADD COLUMN claim_token VARCHAR(36);
