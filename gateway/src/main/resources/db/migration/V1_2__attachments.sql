-- attachments: content stored by SHA-256 on the attachment store; one row per distinct content.

CREATE TABLE attachment (
    sha256          text PRIMARY KEY,
    size            bigint      NOT NULL,
    media_type      text        NOT NULL,
    stored_at       timestamptz NOT NULL,
    uploaded_by     text        NOT NULL
);
