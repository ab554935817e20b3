-- audit: who read or was refused what, and when. Written in its own transaction, so a refusal
-- is recorded even though the refused request changes nothing else.

CREATE TABLE audit_event (
    seq          bigserial PRIMARY KEY,
    at           timestamptz NOT NULL,
    actor        text        NOT NULL,
    actor_agency text,
    actor_roles  text        NOT NULL,
    action       text        NOT NULL,
    target       text,
    outcome      text        NOT NULL CHECK (outcome IN ('ALLOWED', 'DENIED')),
    reason       text,
    node         text        NOT NULL
);
CREATE INDEX audit_event_target ON audit_event (target, seq);
CREATE INDEX audit_event_actor ON audit_event (actor, seq);
