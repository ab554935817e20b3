-- tracking: the searchable texts of a message (document numbers, case numbers, party names) now come
-- from the message intake has decoded already, merged into the handoff's row, instead of from every
-- message's JSON at each refresh of its handoff. A 200 KB transfer was parsed again at each delivery,
-- acknowledgement and warning, and the JSON paths were half the cost of an intake's refresh.
-- casebridge_track_handoff(text) still rebuilds a row wholly from the sources.

-- Writes a handoff's row from the source tables, with the texts given (all of them: they replace the row's).
CREATE FUNCTION casebridge_track_write(p_handoff text, p_docs text[], p_cases text[], p_names text[]) RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    -- Two transactions refreshing one handoff take turns (see V1_12); NO KEY UPDATE lets others
    -- insert rows that reference the handoff meanwhile.
    PERFORM 1 FROM handoff WHERE handoff_id = p_handoff FOR NO KEY UPDATE;

    WITH running AS (
        SELECT c.clock_key, c.due_at, c.paused_since FROM handoff_clock c
        WHERE c.handoff_id = p_handoff AND c.stopped_at IS NULL
    ), fired AS (
        SELECT max(casebridge_track_level_rank(w.level)) AS rank, max(w.fired_at) AS last_fired
        FROM clock_warning w JOIN running r ON r.clock_key = w.clock_key
        WHERE w.fired_at IS NOT NULL
    ), texts AS (
        SELECT ARRAY(SELECT DISTINCT x FROM unnest(p_docs) x WHERE x IS NOT NULL ORDER BY 1) AS docs,
               ARRAY(SELECT DISTINCT x FROM unnest(p_cases) x WHERE x IS NOT NULL ORDER BY 1) AS cases,
               ARRAY(SELECT DISTINCT x FROM unnest(p_names) x WHERE x IS NOT NULL ORDER BY 1) AS names
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
           greatest(h.opened_at, (SELECT max(m.received_at) FROM message m WHERE m.handoff_id = h.handoff_id),
                    (SELECT max(e.at) FROM handoff_event e WHERE e.handoff_id = h.handoff_id), f.last_fired),
           t.docs, t.cases, t.names,
           lower(array_to_string(ARRAY[h.handoff_id] || t.docs || t.cases || t.names, ' ')),
           clock_timestamp()
    FROM handoff h
    JOIN message o ON o.message_id = h.opened_by
    LEFT JOIN handoff_lifecycle l ON l.handoff_id = h.handoff_id
    CROSS JOIN fired f
    CROSS JOIN texts t
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

-- The rebuild: every text from every message's JSON.
CREATE OR REPLACE FUNCTION casebridge_track_handoff(p_handoff text) RETURNS void
    LANGUAGE plpgsql AS
$$
DECLARE
    j jsonb;
    docs text[] := '{}';
    cases text[] := '{}';
    names text[] := '{}';
BEGIN
    FOR j IN SELECT m.canonical_json::jsonb FROM message m WHERE m.handoff_id = p_handoff LOOP
        docs := docs || ARRAY(SELECT x #>> '{}' FROM jsonb_path_query(j, '$.payload.referral.transferLetter.documentNumber') x);
        cases := cases || ARRAY(SELECT x #>> '{}' FROM jsonb_path_query(j, '$.payload.decision.caseNumber') x)
                       || ARRAY(SELECT x #>> '{}' FROM jsonb_path_query(j, '$.payload.notice.caseNumber') x);
        names := names || ARRAY(SELECT x #>> '{}' FROM jsonb_path_query(j, '$.payload.referral.transferLetter.parties[*].name') x)
                       || ARRAY(SELECT x #>> '{}' FROM jsonb_path_query(j, '$.payload.referral.investigationReport.suspects[*].name') x);
    END LOOP;
    PERFORM casebridge_track_write(p_handoff, docs, cases, names);
END
$$;

-- The refresh after a change: the texts of the messages recorded in this transaction (empty when
-- none was) join those the row holds, since a handoff's messages are only ever added. A handoff
-- without a row that has older messages is rebuilt from its sources instead.
CREATE FUNCTION casebridge_track_handoff(p_handoff text, p_docs text[], p_cases text[], p_names text[]) RETURNS void
    LANGUAGE plpgsql AS
$$
DECLARE
    t handoff_track%ROWTYPE;
BEGIN
    SELECT * INTO t FROM handoff_track WHERE handoff_id = p_handoff;
    IF FOUND THEN
        PERFORM casebridge_track_write(p_handoff, t.document_numbers || p_docs, t.case_numbers || p_cases,
                                       t.party_names || p_names);
    ELSIF (SELECT count(*) FROM message m WHERE m.handoff_id = p_handoff) > 1 THEN
        PERFORM casebridge_track_handoff(p_handoff);
    ELSE
        PERFORM casebridge_track_write(p_handoff, p_docs, p_cases, p_names);
    END IF;
END
$$;

-- Every handoff a transaction touched, in one statement: {"<handoff id>": {"d": [docs], "c": [cases],
-- "n": [names]}, ...}, refreshed in id order so that concurrent transactions lock alike.
CREATE FUNCTION casebridge_track_handoffs(p_changes jsonb) RETURNS integer
    LANGUAGE plpgsql AS
$$
DECLARE
    h text;
    terms jsonb;
    refreshed integer := 0;
BEGIN
    FOR h, terms IN SELECT key, value FROM jsonb_each(p_changes) ORDER BY key COLLATE "C" LOOP
        PERFORM casebridge_track_handoff(h,
            ARRAY(SELECT jsonb_array_elements_text(coalesce(terms -> 'd', '[]'))),
            ARRAY(SELECT jsonb_array_elements_text(coalesce(terms -> 'c', '[]'))),
            ARRAY(SELECT jsonb_array_elements_text(coalesce(terms -> 'n', '[]'))));
        refreshed := refreshed + 1;
    END LOOP;
    RETURN refreshed;
END
$$;
