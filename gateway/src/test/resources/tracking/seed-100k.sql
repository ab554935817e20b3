-- 100,000 handoffs straight into the source tables, spread as a province's two years might be:
-- four cities, each with three administrative agencies sending to its police, copied to its
-- procuratorate; most cases past registration, a fifth closed; a third with a running clock,
-- warnings fired as far as the clock has run; the read model is then built in one statement with
-- the refresh function's rules. @NOW@ is the gateway's time.
CREATE TEMP TABLE seed AS
SELECT n,
       (ARRAY['hohhot','baotou','ordos','chifeng'])[1 + n % 4] AS city,
       (ARRAY['amr','tax','env'])[1 + (n / 4) % 3] AS kind,
       timestamptz '@NOW@' - make_interval(mins => (n * 7919) % (730 * 24 * 60)) AS opened_at,
       (ARRAY['INVESTIGATING','INVESTIGATING','INVESTIGATING','REGISTERED','REGISTERED','CLOSED','CLOSED','RECEIVED',
              'SUBMITTED','REFUSED','PROSECUTION_REVIEW','INDICTED','DEFICIENT','UNDER_REVIEW','SUPERVISION',
              'ITEMS_HANDED_OVER','RETURNED','NOT_PROSECUTED','DELIVERED','REVOKED'])[1 + (n * 31) % 20] AS state,
       (ARRAY['张','王','李','赵','刘','陈','杨','黄','周','吴'])[1 + n % 10]
           || (ARRAY['伟','芳','娜','敏','静','强','磊','洋','艳','军','杰','娟'])[1 + (n / 10) % 12] AS person,
       (ARRAY['呼和浩特','包头','鄂尔多斯','赤峰'])[1 + n % 4]
           || (ARRAY['某食品','某药业','某商贸','某化工','某建材','某科技','某物流'])[1 + (n / 3) % 7] || '有限公司' AS company
FROM generate_series(1, 100000) AS n;

INSERT INTO handoff (handoff_id, profile, opened_by, opened_at)
SELECT 'h-' || lpad(n::text, 6, '0'), 'cn', 'm-' || lpad(n::text, 6, '0'), opened_at FROM seed;

INSERT INTO message (message_id, handoff_id, in_reply_to, type, profile, sender_agency, recipient_agency, sent_at,
                     received_at, received_by, canonical_sha256, canonical_json)
SELECT 'm-' || lpad(n::text, 6, '0'), 'h-' || lpad(n::text, 6, '0'), NULL, 'REFERRAL_SUBMIT', 'cn',
       city || '-' || kind, city || '-psb', opened_at, opened_at, 'seed', md5(n::text),
       jsonb_build_object('messageId', 'm-' || lpad(n::text, 6, '0'), 'handoffId', 'h-' || lpad(n::text, 6, '0'),
           'type', 'REFERRAL_SUBMIT', 'payload', jsonb_build_object('referral', jsonb_build_object(
               'transferLetter', jsonb_build_object('documentNumber', city || kind || '移〔' || (2024 + n % 3) || '〕' || n || '号',
                   'parties', jsonb_build_array(jsonb_build_object('kind', 'ORGANIZATION', 'name', company))),
               'investigationReport', jsonb_build_object('suspects', jsonb_build_array(
                   jsonb_build_object('kind', 'PERSON', 'name', person))))))::text
FROM seed;

-- the police's decision on registration, with its case number, for cases that went that far
INSERT INTO message (message_id, handoff_id, in_reply_to, type, profile, sender_agency, recipient_agency, sent_at,
                     received_at, received_by, canonical_sha256, canonical_json)
SELECT 'd-' || lpad(n::text, 6, '0'), 'h-' || lpad(n::text, 6, '0'), 'm-' || lpad(n::text, 6, '0'), 'DECISION', 'cn',
       city || '-psb', city || '-' || kind, opened_at + interval '3 days', opened_at + interval '3 days', 'seed', md5(n::text),
       jsonb_build_object('payload', jsonb_build_object('decision', jsonb_build_object(
           'outcome', 'REGISTER', 'caseNumber', city || '公立字〔' || (2024 + n % 3) || '〕' || (n * 3) || '号')))::text
FROM seed WHERE state NOT IN ('SUBMITTED', 'DELIVERED', 'RECEIVED', 'DEFICIENT', 'UNDER_REVIEW', 'REFUSED', 'SUPERVISION');

INSERT INTO handoff_party (handoff_id, agency_id)
SELECT 'h-' || lpad(n::text, 6, '0'), a FROM seed, unnest(ARRAY[city || '-' || kind, city || '-psb', city || '-procuratorate']) a;

INSERT INTO handoff_lifecycle (handoff_id, profile, state, version) SELECT 'h-' || lpad(n::text, 6, '0'), 'cn', state, 1 FROM seed;

-- a running clock on a third of the cases, due from 20 days ago to 40 days ahead; a stopped one on a tenth
INSERT INTO handoff_clock (clock_key, handoff_id, profile, clock_id, started_by, started_at, in_custody, responsible_agency,
                           due_at, due_day, flags, explanation, stopped_at, stopped_by)
SELECT 'k-' || n, 'h-' || lpad(n::text, 6, '0'), 'cn', 'police-decision', 'm-' || lpad(n::text, 6, '0'), due - interval '60 days',
       false, city || '-psb', due, (due AT TIME ZONE 'Asia/Shanghai')::date, '', '',
       CASE WHEN n % 10 = 1 THEN due - interval '30 days' END, CASE WHEN n % 10 = 1 THEN 'REGISTERED' END
FROM (SELECT n, city, timestamptz '@NOW@' + make_interval(mins => (((n::bigint * 104729) % (60 * 24 * 60)) - 20 * 24 * 60)::int) AS due
      FROM seed WHERE (n / 7) % 3 = 1) c;

-- the warnings whose moment has come, fired (at 50 %, 80 %, the due day and the deadline of 60 days);
-- those still to come are left out, so that the scheduler fires nothing while the test reads
INSERT INTO clock_warning (clock_key, level, fire_at, fired_at, warning_id)
SELECT c.clock_key, w.level, c.due_at - w.before, c.due_at - w.before, 'w-' || c.clock_key || '-' || w.level
FROM handoff_clock c
CROSS JOIN (VALUES ('HALF', interval '30 days'), ('WARNING', interval '12 days'), ('DUE', interval '8 hours'),
                   ('OVERDUE', interval '0')) AS w(level, before)
WHERE c.clock_key LIKE 'k-%' AND c.due_at - w.before <= timestamptz '@NOW@';

-- the read model in one set-based statement, with the refresh function's rules over all handoffs at
-- once (the test refreshes a sample with the function itself and compares)
INSERT INTO handoff_track (handoff_id, profile, opened_by, opened_at, opening_type, sender_agency, recipient_agency,
                           parties, state, warning_level, level_rank, next_due_at, last_activity,
                           document_numbers, case_numbers, party_names, search_text, updated_at)
WITH msg AS MATERIALIZED (
    SELECT m.handoff_id, m.canonical_json::jsonb AS j FROM message m WHERE m.handoff_id LIKE 'h-%'
), texts AS (
    SELECT handoff_id, 'doc' AS kind, x #>> '{}' AS v
    FROM msg, jsonb_path_query(j, '$.payload.referral.transferLetter.documentNumber') x
    UNION ALL SELECT handoff_id, 'case', x #>> '{}' FROM msg, jsonb_path_query(j, '$.payload.decision.caseNumber') x
    UNION ALL SELECT handoff_id, 'case', x #>> '{}' FROM msg, jsonb_path_query(j, '$.payload.notice.caseNumber') x
    UNION ALL SELECT handoff_id, 'name', x #>> '{}' FROM msg, jsonb_path_query(j, '$.payload.referral.transferLetter.parties[*].name') x
    UNION ALL SELECT handoff_id, 'name', x #>> '{}' FROM msg, jsonb_path_query(j, '$.payload.referral.investigationReport.suspects[*].name') x
), agg AS (
    SELECT handoff_id,
           coalesce(array_agg(DISTINCT v ORDER BY v) FILTER (WHERE kind = 'doc'), '{}') AS docs,
           coalesce(array_agg(DISTINCT v ORDER BY v) FILTER (WHERE kind = 'case'), '{}') AS cases,
           coalesce(array_agg(DISTINCT v ORDER BY v) FILTER (WHERE kind = 'name'), '{}') AS names
    FROM texts GROUP BY handoff_id
), received AS (
    SELECT handoff_id, max(received_at) AS at FROM message WHERE handoff_id LIKE 'h-%' GROUP BY handoff_id
), events AS (
    SELECT handoff_id, max(at) AS at FROM handoff_event WHERE handoff_id LIKE 'h-%' GROUP BY handoff_id
), fired AS (
    SELECT c.handoff_id, max(casebridge_track_level_rank(w.level)) AS rank, max(w.fired_at) AS last_fired
    FROM handoff_clock c JOIN clock_warning w ON w.clock_key = c.clock_key
    WHERE c.stopped_at IS NULL AND w.fired_at IS NOT NULL GROUP BY c.handoff_id
), due AS (
    SELECT handoff_id, min(due_at) AS at FROM handoff_clock WHERE stopped_at IS NULL AND paused_since IS NULL GROUP BY handoff_id
), parties AS (
    SELECT handoff_id, array_agg(agency_id ORDER BY agency_id) AS ids FROM handoff_party WHERE handoff_id LIKE 'h-%' GROUP BY handoff_id
)
SELECT h.handoff_id, h.profile, h.opened_by, h.opened_at, o.type, o.sender_agency, o.recipient_agency,
       coalesce(p.ids, '{}'), coalesce(l.state, 'SUBMITTED'),
       CASE coalesce(f.rank, 0) WHEN 1 THEN 'HALF' WHEN 2 THEN 'WARNING' WHEN 3 THEN 'DUE' WHEN 4 THEN 'OVERDUE' ELSE 'NONE' END,
       coalesce(f.rank, 0), d.at, greatest(h.opened_at, r.at, e.at, f.last_fired),
       coalesce(a.docs, '{}'), coalesce(a.cases, '{}'), coalesce(a.names, '{}'),
       lower(array_to_string(ARRAY[h.handoff_id] || coalesce(a.docs, '{}') || coalesce(a.cases, '{}') || coalesce(a.names, '{}'), ' ')),
       clock_timestamp()
FROM handoff h
JOIN message o ON o.message_id = h.opened_by
LEFT JOIN handoff_lifecycle l ON l.handoff_id = h.handoff_id
LEFT JOIN parties p ON p.handoff_id = h.handoff_id
LEFT JOIN agg a ON a.handoff_id = h.handoff_id
LEFT JOIN received r ON r.handoff_id = h.handoff_id
LEFT JOIN events e ON e.handoff_id = h.handoff_id
LEFT JOIN fired f ON f.handoff_id = h.handoff_id
LEFT JOIN due d ON d.handoff_id = h.handoff_id
WHERE h.handoff_id LIKE 'h-%';

VACUUM ANALYZE handoff_track;
ANALYZE handoff_party;
