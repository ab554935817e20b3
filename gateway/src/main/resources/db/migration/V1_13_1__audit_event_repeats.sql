-- audit: repeated refusals of one client address, reason and subject are counted, not written
-- one row each. The first is written at once (repeats 1); the rest of its window as one row
-- with their count, the first (at) and the last time (last_at).
ALTER TABLE audit_event ADD COLUMN client_address text;
ALTER TABLE audit_event ADD COLUMN repeats integer NOT NULL DEFAULT 1 CHECK (repeats >= 1);
ALTER TABLE audit_event ADD COLUMN last_at timestamptz;
