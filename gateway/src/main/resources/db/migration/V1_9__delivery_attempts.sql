-- delivery attempts: every push attempt is recorded; a dispatch whose pushes keep failing becomes
-- a dead letter for an operator to retry or abandon, and the later dispatches of its handoff to the
-- same agency are held behind it, so order per handoff survives.

ALTER TABLE dispatch DROP CONSTRAINT dispatch_state_check;
ALTER TABLE dispatch ADD CONSTRAINT dispatch_state_check
    CHECK (state IN ('QUEUED', 'AVAILABLE', 'ACKNOWLEDGED', 'DEAD_LETTER', 'HELD', 'ABANDONED'));
-- Each operator re-queue starts a new round: a fresh broker duplicate id and a fresh count of attempts.
ALTER TABLE dispatch ADD COLUMN round int NOT NULL DEFAULT 0;
ALTER TABLE dispatch ADD COLUMN dead_lettered_at timestamptz;
ALTER TABLE dispatch ADD COLUMN abandoned_at timestamptz;
ALTER TABLE dispatch ADD COLUMN abandoned_by text;
ALTER TABLE dispatch ADD COLUMN abandon_reason text;
CREATE INDEX dispatch_handoff_recipient ON dispatch (handoff_id, recipient_agency, seq);
CREATE INDEX dispatch_attention ON dispatch (state, seq) WHERE state IN ('DEAD_LETTER', 'HELD');

ALTER TABLE outbox ADD COLUMN round int NOT NULL DEFAULT 0;

CREATE TABLE dispatch_attempt (
    dispatch_id text        NOT NULL REFERENCES dispatch (dispatch_id),
    attempt     int         NOT NULL,  -- 1, 2, 3, ... over all rounds
    round       int         NOT NULL,
    started_at  timestamptz NOT NULL,
    duration_ms bigint      NOT NULL,
    node        text        NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('DELIVERED', 'FAILED')),
    error_kind  text,                  -- CONNECTION_REFUSED, READ_TIMEOUT, HTTP_STATUS, ... when FAILED
    error       text,                  -- e.g. "connection refused", "read timed out after PT2S", "HTTP 500"
    PRIMARY KEY (dispatch_id, attempt)
);
