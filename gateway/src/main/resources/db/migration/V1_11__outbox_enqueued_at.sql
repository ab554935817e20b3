-- When each outbox entry was written, on the database's clock: how long the oldest one has waited
-- for the broker is then one query, the same answer on every node, and no node's clock (or a
-- test's injected clock) can fake or hide a stall.
ALTER TABLE outbox ADD COLUMN enqueued_at timestamptz NOT NULL DEFAULT clock_timestamp();
