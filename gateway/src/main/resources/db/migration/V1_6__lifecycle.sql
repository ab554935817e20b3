-- lifecycle: where each handoff stands, and every transition that brought it there, signed.

CREATE TABLE handoff_lifecycle (
    handoff_id  text PRIMARY KEY,
    profile     text   NOT NULL,
    state       text   NOT NULL,
    version     bigint NOT NULL
);

CREATE TABLE handoff_event (
    handoff_id     text        NOT NULL REFERENCES handoff_lifecycle (handoff_id),
    seq            int         NOT NULL,
    event          text        NOT NULL,
    from_state     text,
    to_state       text        NOT NULL,
    message_id     text,
    at             timestamptz NOT NULL,
    actor          text        NOT NULL,
    -- RFC 8785 canonical JSON of the event and the gateway's JWS over exactly those bytes
    canonical_json text        NOT NULL,
    jws            text        NOT NULL,
    PRIMARY KEY (handoff_id, seq)
);
