-- routing: one dispatch per recipient of a message or receipt, and the outbox that hands
-- dispatches to the broker in the same transaction that created them.

CREATE TABLE dispatch (
    dispatch_id      text PRIMARY KEY,
    seq              bigserial   NOT NULL UNIQUE,
    kind             text        NOT NULL CHECK (kind IN ('MESSAGE', 'DELIVERY_RECEIPT')),
    message_id       text        NOT NULL,
    receipt_id       text,
    recipient_agency text        NOT NULL,
    handoff_id       text        NOT NULL,
    state            text        NOT NULL CHECK (state IN ('QUEUED', 'AVAILABLE', 'ACKNOWLEDGED')),
    created_at       timestamptz NOT NULL,
    available_at     timestamptz,
    acknowledged_at  timestamptz,
    acknowledged_by  text,
    attempts         int         NOT NULL DEFAULT 0,
    last_error       text,
    UNIQUE (kind, message_id, recipient_agency, receipt_id)
);
CREATE INDEX dispatch_inbox ON dispatch (recipient_agency, seq) WHERE state = 'AVAILABLE';
CREATE INDEX dispatch_message ON dispatch (message_id);

CREATE TABLE outbox (
    seq              bigserial PRIMARY KEY,
    dispatch_id      text NOT NULL,
    recipient_agency text NOT NULL,
    handoff_id       text NOT NULL
);
