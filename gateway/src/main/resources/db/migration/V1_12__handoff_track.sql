-- tracking: one row per handoff with what the console lists, filters, sorts and searches on,
-- recomputed from the source tables by casebridge_track_handoff() in the transaction that changes them.

CREATE TABLE handoff_track (
    handoff_id       text PRIMARY KEY REFERENCES handoff (handoff_id),
    profile          text        NOT NULL,
    opened_by        text        NOT NULL,
    opened_at        timestamptz NOT NULL,
    opening_type     text        NOT NULL,
    sender_agency    text        NOT NULL,
    recipient_agency text        NOT NULL,
    -- the agencies taking part (handoff_party), sorted: the read scope and the agency filter, on a GIN index
    parties          text[]      NOT NULL,
    state            text        NOT NULL,
    -- the most severe warning fired on a clock that has not stopped; NONE before any
    warning_level    text        NOT NULL,
    level_rank       smallint    NOT NULL,
    -- the earliest due time among clocks that run (not stopped, not paused)
    next_due_at      timestamptz,
    last_activity    timestamptz NOT NULL,
    document_numbers text[]      NOT NULL,
    case_numbers     text[]      NOT NULL,
    party_names      text[]      NOT NULL,
    -- lower-cased id, numbers and names: searched by substring (pg_trgm cannot index CJK in the C locale)
    search_text      text        NOT NULL,
    updated_at       timestamptz NOT NULL
);

CREATE INDEX handoff_track_activity ON handoff_track (last_activity, handoff_id);
CREATE INDEX handoff_track_opened ON handoff_track (opened_at, handoff_id);
CREATE INDEX handoff_track_due ON handoff_track (next_due_at, handoff_id);
CREATE INDEX handoff_track_level ON handoff_track (level_rank DESC, next_due_at, handoff_id);
CREATE INDEX handoff_track_state ON handoff_track (state, last_activity, handoff_id);
CREATE INDEX handoff_track_type ON handoff_track (opening_type, last_activity, handoff_id);
CREATE INDEX handoff_track_sender ON handoff_track (sender_agency, last_activity, handoff_id);
-- scoped listing and the agency filter: parties @> ARRAY[agency]
CREATE INDEX handoff_track_parties ON handoff_track USING gin (parties);
-- the handoffs an agency takes part in, for reads straight from the source (the primary key leads with the handoff)
CREATE INDEX handoff_party_agency ON handoff_party (agency_id, handoff_id);

CREATE FUNCTION casebridge_track_level_rank(level text) RETURNS smallint
    LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE level WHEN 'HALF' THEN 1 WHEN 'WARNING' THEN 2 WHEN 'DUE' THEN 3 WHEN 'OVERDUE' THEN 4 ELSE 0 END::smallint $$;

CREATE FUNCTION casebridge_track_handoff(p_handoff text) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    -- Two transactions refreshing one handoff take turns; the upsert below is a new statement, so
    -- under READ COMMITTED it sees what the one before committed and does not write an older row.
    -- A row lock, not an advisory one: a backfill of many handoffs must not fill the lock table,
    -- and NO KEY UPDATE lets other transactions insert messages that reference the handoff meanwhile.
    PERFORM 1 FROM handoff WHERE handoff_id = p_handoff FOR NO KEY UPDATE;

    WITH msg AS MATERIALIZED (
        SELECT m.received_at, m.canonical_json::jsonb AS j FROM message m WHERE m.handoff_id = p_handoff
    ), running AS (
        SELECT c.clock_key, c.due_at, c.paused_since FROM handoff_clock c
        WHERE c.handoff_id = p_handoff AND c.stopped_at IS NULL
    ), fired AS (
        SELECT max(casebridge_track_level_rank(w.level)) AS rank, max(w.fired_at) AS last_fired
        FROM clock_warning w JOIN running r ON r.clock_key = w.clock_key
        WHERE w.fired_at IS NOT NULL
    ), texts AS (
        SELECT
            ARRAY(SELECT DISTINCT x #>> '{}' FROM msg,
                  jsonb_path_query(msg.j, '$.payload.referral.transferLetter.documentNumber') x ORDER BY 1) AS docs,
            ARRAY(SELECT DISTINCT x #>> '{}' FROM msg,
                  jsonb_path_query(msg.j, '$.payload.decision.caseNumber') x ORDER BY 1)
            || ARRAY(SELECT DISTINCT x #>> '{}' FROM msg,
                  jsonb_path_query(msg.j, '$.payload.notice.caseNumber') x ORDER BY 1) AS cases,
            ARRAY(SELECT DISTINCT x #>> '{}' FROM msg, jsonb_path_query(msg.j,
                  '$.payload.referral.transferLetter.parties[*].name') x
                  UNION SELECT x #>> '{}' FROM msg, jsonb_path_query(msg.j,
                  '$.payload.referral.investigationReport.suspects[*].name') x ORDER BY 1) AS names
    ), cases AS (
        SELECT t.docs, ARRAY(SELECT DISTINCT c FROM unnest(t.cases) c ORDER BY 1) AS cases, t.names FROM texts t
    )
    INSERT INTO handoff_track (handoff_id, profile, opened_by, opened_at, opening_type, sender_agency, recipient_agency,
                               parties, state, warning_level, level_rank, next_due_at, last_activity,
                               document_numbers, case_numbers, party_names, search_text, updated_at)
    SELECT h.handoff_id, h.profile, h.opened_by, h.opened_at, o.type, o.sender_agency, o.recipient_agency,
           ARRAY(SELECT p.agency_id FROM handoff_party p WHERE p.handoff_id = h.handoff_id ORDER BY 1),
           coalesce(l.state, 'SUBMITTED'),
           CASE coalesce(f.rank, 0) WHEN 1 THEN 'HALF' WHEN 2 THEN 'WARNING' WHEN 3 THEN 'DUE' WHEN 4 THEN 'OVERDUE' ELSE 'NONE' END,
           coalesce(f.rank, 0),
           (SELECT min(r.due_at) FROM running r WHERE r.paused_since IS NULL),
           greatest(h.opened_at, (SELECT max(received_at) FROM msg),
                    (SELECT max(e.at) FROM handoff_event e WHERE e.handoff_id = h.handoff_id), f.last_fired),
           c.docs, c.cases, c.names,
           lower(array_to_string(ARRAY[h.handoff_id] || c.docs || c.cases || c.names, ' ')),
           clock_timestamp()
    FROM handoff h
    JOIN message o ON o.message_id = h.opened_by
    LEFT JOIN handoff_lifecycle l ON l.handoff_id = h.handoff_id
    CROSS JOIN fired f
    CROSS JOIN cases c
    WHERE h.handoff_id = p_handoff
    ON CONFLICT (handoff_id) DO UPDATE SET
        parties = EXCLUDED.parties, state = EXCLUDED.state, warning_level = EXCLUDED.warning_level, level_rank = EXCLUDED.level_rank,
        next_due_at = EXCLUDED.next_due_at, last_activity = EXCLUDED.last_activity,
        document_numbers = EXCLUDED.document_numbers, case_numbers = EXCLUDED.case_numbers,
        party_names = EXCLUDED.party_names, search_text = EXCLUDED.search_text, updated_at = EXCLUDED.updated_at;

    -- sent inside the writing transaction: listeners hear of it on commit, and never of a rollback
    PERFORM pg_notify('casebridge_handoff', p_handoff);
END
$$;

SELECT casebridge_track_handoff(h.handoff_id) FROM handoff h;
