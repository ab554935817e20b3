-- Who may name stored content in a message: every agency that uploaded it (one row each; the
-- attachment row names only the first uploader), besides the parties of a message that carries it
-- (message_attachment, message_party). Content is shared on disk, never by knowing its digest.

CREATE TABLE attachment_upload (
    sha256          text        NOT NULL REFERENCES attachment (sha256),
    agency_id       text        NOT NULL,
    uploaded_at     timestamptz NOT NULL,
    -- as this agency declared it: what it reads back, whoever uploaded the bytes first
    media_type      text        NOT NULL,
    PRIMARY KEY (sha256, agency_id)
);

INSERT INTO attachment_upload (sha256, agency_id, uploaded_at, media_type)
SELECT sha256, uploaded_by, stored_at, media_type FROM attachment;
