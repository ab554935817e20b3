-- archive: every accepted message and the handoffs they belong to.

CREATE TABLE handoff (
    handoff_id      text PRIMARY KEY,
    profile         text        NOT NULL,
    opened_by       text        NOT NULL,
    opened_at       timestamptz NOT NULL
);

CREATE TABLE handoff_party (
    handoff_id      text NOT NULL REFERENCES handoff (handoff_id),
    agency_id       text NOT NULL,
    PRIMARY KEY (handoff_id, agency_id)
);

CREATE TABLE message (
    message_id       text PRIMARY KEY,
    handoff_id       text        NOT NULL REFERENCES handoff (handoff_id),
    in_reply_to      text,
    type             text        NOT NULL,
    profile          text        NOT NULL,
    sender_agency    text        NOT NULL,
    recipient_agency text        NOT NULL,
    sent_at          timestamptz NOT NULL,
    received_at      timestamptz NOT NULL,
    received_by      text        NOT NULL,
    canonical_sha256 text        NOT NULL,
    -- RFC 8785 canonical JSON: the exact bytes that the digest and every signature cover.
    canonical_json   text        NOT NULL
);
CREATE INDEX message_handoff ON message (handoff_id, received_at);

CREATE TABLE message_party (
    message_id      text NOT NULL REFERENCES message (message_id),
    agency_id       text NOT NULL,
    role            text NOT NULL CHECK (role IN ('SENDER', 'RECIPIENT', 'COPY')),
    PRIMARY KEY (message_id, agency_id)
);
CREATE INDEX message_party_agency ON message_party (agency_id);

CREATE TABLE message_attachment (
    message_id      text   NOT NULL REFERENCES message (message_id),
    position        int    NOT NULL,
    sha256          text   NOT NULL,
    name            text   NOT NULL,
    media_type      text   NOT NULL,
    size            bigint NOT NULL,
    PRIMARY KEY (message_id, position)
);
CREATE INDEX message_attachment_sha256 ON message_attachment (sha256);
