-- clocks: approved extensions and pauses per clock, and whether a handoff has a suspect in custody (CPL 105).

ALTER TABLE handoff_clock ADD COLUMN extensions text NOT NULL DEFAULT '';
-- finished pauses, "pausedAt/resumedAt" in ISO-8601, comma-separated; a pause in progress is paused_since
ALTER TABLE handoff_clock ADD COLUMN pauses text NOT NULL DEFAULT '';
ALTER TABLE handoff_clock ADD COLUMN paused_since timestamptz;

CREATE TABLE handoff_custody (
    handoff_id  text PRIMARY KEY,
    in_custody  boolean     NOT NULL,
    since       timestamptz NOT NULL
);
