-- audit chain: every message, receipt, state change, access and configuration change as an
-- append-only entry, written in the transaction of what it records; a sealer (one node at a
-- time) links entries into a hash chain in the order it finds them committed, and signs a
-- checkpoint of the chain's head from time to time. The rule is contracts' AuditChain.

-- entry_id comes from a sequence with CACHE 1 (the default): the sealer's horizon (audit_seal)
-- relies on ids being handed out in the order transactions ask for them.
CREATE TABLE audit_entry (
    entry_id    bigserial PRIMARY KEY,
    at          timestamptz NOT NULL,   -- milliseconds, as in the hashed body
    kind        text        NOT NULL,   -- MESSAGE_ACCEPTED, RECEIPT_ISSUED, STATE_CHANGED, ACCESS, CONFIGURATION_CHANGED, ...
    actor       text        NOT NULL,
    target      text,                   -- e.g. message:<id>, dispatch:<id>, agencies
    handoff_id  text,                   -- the case it belongs to, for evidence export
    details     text        NOT NULL,   -- RFC 8785 canonical JSON object
    node        text        NOT NULL
);
CREATE INDEX audit_entry_handoff ON audit_entry (handoff_id, entry_id) WHERE handoff_id IS NOT NULL;
CREATE INDEX audit_entry_target ON audit_entry (target, entry_id);

CREATE TABLE audit_chain (
    seq          bigint      PRIMARY KEY,  -- 1, 2, 3, ... without gaps
    entry_id     bigint      NOT NULL UNIQUE,
    body_digest  text        NOT NULL,
    prev_hash    text        NOT NULL,
    hash         text        NOT NULL,
    sealed_at    timestamptz NOT NULL
);

-- The sealer's progress, one row. Every entry with entry_id <= watermark is linked, so each run
-- looks only above it. horizon_entry / horizon_xid: the sequence's last value read at the start
-- of an earlier run and that run's transaction id; once every transaction older than
-- horizon_xid has ended, no entry with an id <= horizon_entry can still appear, and the
-- watermark may move up to it. Not part of the evidence: it only makes sealing fast.
CREATE TABLE audit_seal (
    id             int    PRIMARY KEY CHECK (id = 1),
    watermark      bigint NOT NULL,
    horizon_entry  bigint,
    horizon_xid    bigint
);
INSERT INTO audit_seal (id, watermark) VALUES (1, 0);

CREATE TABLE audit_checkpoint (
    seq        bigint      PRIMARY KEY,
    hash       text        NOT NULL,
    signed_at  timestamptz NOT NULL,
    -- ES256 JWS over the canonical JSON {"gateway","hash","seq","signedAt"}
    jws        text        NOT NULL
);

-- Append-only for the application: edits need a superuser who disables the triggers, and even
-- then the chain shows them.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
