-- Issue 8 (performance). A CVM records the smallest replica number that none of its live replicas holds, so that a
-- replicate reads its number from the source's row (which it locks anyway) instead of searching the source's
-- replicas for the first gap, a search that grows with every replica. Kept exact: raised by each replica that takes
-- it, lowered when a replica's name is freed (deleted). Existing sources get the value the search gives today.
ALTER TABLE cvms ADD COLUMN replica_floor INT NOT NULL DEFAULT 1;

UPDATE cvms s SET replica_floor = (
    SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM cvms f WHERE f.source_cvm_id = s.id AND f.replica_number = 1
                                   AND f.active_name IS NOT NULL)
                THEN 1
                ELSE (SELECT MIN(a.replica_number) + 1 FROM cvms a
                      WHERE a.source_cvm_id = s.id AND a.active_name IS NOT NULL AND a.replica_number IS NOT NULL
                        AND NOT EXISTS (SELECT 1 FROM cvms b WHERE b.source_cvm_id = s.id AND b.active_name IS NOT NULL
                                                              AND b.replica_number = a.replica_number + 1))
           END)
WHERE s.id IN (SELECT r.source_cvm_id FROM cvms r WHERE r.replica_number IS NOT NULL AND r.active_name IS NOT NULL);
