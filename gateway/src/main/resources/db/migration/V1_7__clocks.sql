-- clocks: the statutory clocks running on each handoff, and their warnings, each fired once.

ALTER TABLE dispatch RENAME COLUMN receipt_id TO document_id;
ALTER TABLE dispatch DROP CONSTRAINT dispatch_kind_check;
ALTER TABLE dispatch ADD CONSTRAINT dispatch_kind_check CHECK (kind IN ('MESSAGE', 'DELIVERY_RECEIPT', 'DEADLINE_WARNING'));

CREATE TABLE handoff_clock (
    clock_key          text PRIMARY KEY,
    handoff_id         text        NOT NULL,
    profile            text        NOT NULL,
    clock_id           text        NOT NULL,
    started_by         text        NOT NULL,
    started_at         timestamptz NOT NULL,
    in_custody         boolean     NOT NULL,
    responsible_agency text        NOT NULL,
    due_at             timestamptz NOT NULL,
    due_day            date        NOT NULL,
    flags              text        NOT NULL,
    explanation        text        NOT NULL,
    stopped_at         timestamptz,
    stopped_by         text
);
CREATE INDEX handoff_clock_running ON handoff_clock (handoff_id, clock_id) WHERE stopped_at IS NULL;

CREATE TABLE clock_warning (
    clock_key  text        NOT NULL REFERENCES handoff_clock (clock_key),
    level      text        NOT NULL,
    fire_at    timestamptz NOT NULL,
    fired_at   timestamptz,
    warning_id text,
    PRIMARY KEY (clock_key, level)
);
CREATE INDEX clock_warning_due ON clock_warning (fire_at) WHERE fired_at IS NULL;

-- the signed warning documents (receipts module)
CREATE TABLE warning_document (
    warning_id     text PRIMARY KEY,
    canonical_json text NOT NULL,
    jws            text NOT NULL,
    signed_xml     text
);
