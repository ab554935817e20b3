-- receipts: signed acknowledgements, kept exactly as signed so they verify years later.

CREATE TABLE receipt (
    receipt_id      text PRIMARY KEY,
    kind            text        NOT NULL CHECK (kind IN ('TRANSPORT', 'DELIVERY')),
    message_id      text        NOT NULL,
    dispatch_id     text,
    issued_at       timestamptz NOT NULL,
    canonical_json  text        NOT NULL,
    jws             text        NOT NULL,
    -- enveloped XML-DSig form, signed when first asked for in XML
    signed_xml      text
);
CREATE INDEX receipt_message ON receipt (message_id, kind);
CREATE UNIQUE INDEX receipt_one_per_dispatch ON receipt (dispatch_id) WHERE dispatch_id IS NOT NULL;
CREATE UNIQUE INDEX receipt_one_transport ON receipt (message_id) WHERE kind = 'TRANSPORT';

-- the gateway's seal on each delivered message, per encoding
CREATE TABLE seal (
    message_id      text PRIMARY KEY,
    jws             text,
    signed_xml      text
);
