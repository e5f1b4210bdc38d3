-- Node probing keeps its consecutive-failure count in the row, so that every control-plane instance
-- sees the same count; a removed node keeps its row (old CVMs still reference it) and is hidden.
ALTER TABLE nodes ADD COLUMN probe_failures INT NOT NULL DEFAULT 0;
ALTER TABLE nodes ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
