-- When a CreateVm was last sent for a CVM: a later attempt that cannot find the VM yet waits for that call's
-- outcome (bounded) before it creates again, so a call the node is still working through makes no second VM.
ALTER TABLE cvms ADD COLUMN create_sent_at TIMESTAMP WITH TIME ZONE;
-- Attempts that only waited for an earlier call's outcome; they do not use up the retry budget.
ALTER TABLE operations ADD COLUMN waits INT NOT NULL DEFAULT 0;
