package org.casebridge.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.casebridge.gateway.tracking.TrackingFigures.Figures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The figures over 100,000 handoffs seeded straight into the source tables with a known pattern:
 * the figures must be exactly what the pattern implies, for all and for one agency. The time each
 * takes is logged for the record, not asserted (the machine is shared).
 */
class TrackingFiguresAtScaleTest {

    private static final Logger log = LoggerFactory.getLogger(TrackingFiguresAtScaleTest.class);
    private static final int HANDOFFS = 100_000;
    /** i % 6 picks the state; CLOSED and REFUSED_FINAL are settled. */
    private static final List<String> STATE_NAMES = List.of("RECEIVED", "UNDER_REVIEW", "REGISTERED", "CLOSED", "REFUSED_FINAL",
            "INVESTIGATING");
    private static final String STATES = "ARRAY['" + String.join("','", STATE_NAMES) + "']";

    @TempDir
    Path work;

    @Test
    void figuresOverAHundredThousandHandoffsAreExactlyWhatTheSeededPatternImplies() throws Exception {
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "baotou-tax", "baotou-psb");
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencies)) {
            JdbcClient db = gateway.context().getBean(JdbcClient.class);
            Instant now = Instant.now();
            seed(db, now);

            TrackingFigures tracking = gateway.context().getBean(TrackingFigures.class);
            tracking.of(new Caller("auditor", null, Set.of("auditor")), null, null); // warm: the first call pays for caches
            long started = System.nanoTime();
            Figures all = tracking.of(new Caller("auditor", null, Set.of("auditor")), null, null);
            long allMillis = (System.nanoTime() - started) / 1_000_000;
            started = System.nanoTime();
            Figures hohhot = tracking.of(new Caller("liaison", "hohhot-amr", Set.of("liaison-officer")), null, null);
            long hohhotMillis = (System.nanoTime() - started) / 1_000_000;
            log.info("figures over {} handoffs: all {} ms, one agency {} ms", HANDOFFS, allMillis, hohhotMillis);

            Expected everyone = expected(i -> true);
            Expected hohhotOnly = expected(i -> i % 2 == 0);
            check(all, everyone);
            check(hohhot, hohhotOnly);
            assertThat(hohhot.openByAgency()).extracting(TrackingFigures.Count::key).containsExactlyInAnyOrder("hohhot-amr", "hohhot-psb");
            assertThat(all.onTimeByAgency()).extracting(TrackingFigures.Timeliness::agency).containsExactly("baotou-psb", "hohhot-psb");
        }
    }

    /** Counts the pattern implies, computed here by walking it, not by SQL. */
    record Expected(List<TrackingFigures.Count> openByState, long open, long overdue, long nearDue, long inTime, long corrected, long transfers, long lastThirtyDays) {
    }

    private static Expected expected(java.util.function.IntPredicate inScope) {
        long[] byState = new long[STATE_NAMES.size()];
        long open = 0, overdue = 0, near = 0, inTime = 0, corrected = 0, transfers = 0, recent = 0;
        for (int i = 0; i < HANDOFFS; i++) {
            if (!inScope.test(i)) {
                continue;
            }
            transfers++;
            int state = i % 6;
            byState[state]++;
            open += state == 3 || state == 4 ? 0 : 1;
            if (i % 3 == 0) {
                inTime++;
            } else {
                overdue += i % 5 <= 1 ? 1 : 0;
                near += i % 5 == 2 ? 1 : 0;
            }
            corrected += i % 50 == 0 ? 1 : 0;
            recent += i % 60 < 30 ? 1 : 0;
        }
        List<TrackingFigures.Count> openStates = new java.util.ArrayList<>();
        for (String name : List.of("RECEIVED", "UNDER_REVIEW", "REGISTERED", "INVESTIGATING")) { // lifecycle order, settled left out
            long n = byState[STATE_NAMES.indexOf(name)];
            if (n > 0) {
                openStates.add(new TrackingFigures.Count(name, n));
            }
        }
        return new Expected(openStates, open, overdue, near, inTime, corrected, transfers, recent);
    }

    private static void check(Figures figures, Expected expected) {
        assertThat(figures.openTotal()).isEqualTo(expected.open());
        assertThat(figures.openByState()).containsExactlyElementsOf(expected.openByState());
        assertThat(figures.overdue()).isEqualTo(expected.overdue());
        assertThat(figures.nearDue()).isEqualTo(expected.nearDue());
        assertThat(figures.onTimeOverall().inTime()).isEqualTo(expected.inTime());
        assertThat(figures.onTimeOverall().lateDone()).isZero();
        assertThat(figures.onTimeOverall().overdueOpen()).isEqualTo(expected.overdue());
        assertThat(figures.supervision().corrected()).isEqualTo(expected.corrected());
        assertThat(figures.supervision().transfers()).isEqualTo(expected.transfers());
        assertThat(figures.trend().stream().mapToLong(TrackingFigures.DayCount::count).sum())
                .as("opened within the last 30 days: days 0 to 29 of the 60-day cycle").isEqualTo(expected.lastThirtyDays());
    }

    /**
     * Handoff i: hohhot when even, baotou when odd; opened (i % 60) days ago; one police-decision
     * clock, stopped in time when i % 3 == 0, else running and due (i % 5) * 24 - 36 hours from now;
     * registered under supervision (corrected) when i % 50 == 0.
     */
    private static void seed(JdbcClient db, Instant now) {
        Timestamp at = Timestamp.from(now);
        String series = " FROM generate_series(0, " + (HANDOFFS - 1) + ") AS i";
        String agency = "CASE WHEN i % 2 = 0 THEN 'hohhot' ELSE 'baotou' END";
        db.sql("INSERT INTO handoff (handoff_id, profile, opened_by, opened_at) SELECT 'h-seed-' || i, 'cn', " + agency
                + " || '-agency', CAST(:now AS timestamptz) - make_interval(days => i % 60, secs => 1)" + series).param("now", at).update();
        db.sql("INSERT INTO handoff_party (handoff_id, agency_id) SELECT 'h-seed-' || i, CASE WHEN i % 2 = 0 THEN 'hohhot-amr' ELSE 'baotou-tax' END"
                + series).update();
        db.sql("INSERT INTO handoff_party (handoff_id, agency_id) SELECT 'h-seed-' || i, " + agency + " || '-psb'" + series).update();
        db.sql("INSERT INTO handoff_lifecycle (handoff_id, profile, state, version) SELECT 'h-seed-' || i, 'cn', (" + STATES
                + ")[i % 6 + 1], 1" + series).update();
        db.sql("INSERT INTO message (message_id, handoff_id, type, profile, sender_agency, recipient_agency, sent_at, received_at,"
                + " received_by, canonical_sha256, canonical_json) SELECT 'm-seed-' || i, 'h-seed-' || i, 'REFERRAL_SUBMIT', 'cn',"
                + " 'x', 'y', CAST(:now AS timestamptz), CAST(:now AS timestamptz), 'seed', 'x', '{}'" + series).param("now", at).update();
        db.sql("INSERT INTO handoff_event (handoff_id, seq, event, from_state, to_state, at, actor, canonical_json, jws)"
                + " SELECT 'h-seed-' || i, 1, 'REGISTERED', 'SUPERVISION', 'REGISTERED', CAST(:now AS timestamptz), 'seed', '{}', 'x'"
                + series + " WHERE i % 50 = 0").param("now", at).update();
        db.sql("INSERT INTO handoff_clock (clock_key, handoff_id, profile, clock_id, started_by, started_at, in_custody,"
                + " responsible_agency, due_at, due_day, flags, explanation, stopped_at, stopped_by)"
                + " SELECT 'c-seed-' || i, 'h-seed-' || i, 'cn', 'police-decision', 'RECEIVED', CAST(:now AS timestamptz) - interval '5 days',"
                + " false, " + agency + " || '-psb',"
                + " CASE WHEN i % 3 = 0 THEN CAST(:now AS timestamptz) - interval '2 days'"
                + "      ELSE CAST(:now AS timestamptz) + make_interval(hours => (i % 5) * 24 - 36) END,"
                + " CAST(CAST(:now AS timestamptz) AS date), '', '',"
                + " CASE WHEN i % 3 = 0 THEN CAST(:now AS timestamptz) - interval '3 days' END,"
                + " CASE WHEN i % 3 = 0 THEN 'REGISTERED' END" + series).param("now", at).update();
        db.sql("ANALYZE").update();
    }
}
