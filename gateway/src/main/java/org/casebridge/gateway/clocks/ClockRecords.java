package org.casebridge.gateway.clocks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.casebridge.gateway.deadlines.Deadline;
import org.casebridge.gateway.deadlines.Pause;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The stored clocks of handoffs and their pending warnings; always inside the caller's transaction. */
@Component
class ClockRecords {

    /** A clock as the keeper needs it to compute its deadline again. */
    record Stored(String key, String clockId, Instant startedAt, boolean inCustody, List<String> extensions, List<Pause> pauses,
            Instant pausedSince) {
    }

    /** What starting a clock writes. */
    record NewClock(String handoffId, String profile, String clockId, String startedBy, Instant startedAt, boolean inCustody,
            String responsible) {
    }

    private final JdbcClient jdbc;

    ClockRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean hasRun(String handoffId, String clockId) {
        return runs(handoffId, clockId) > 0;
    }

    Optional<Stored> running(String handoffId, String clockId) {
        return jdbc.sql("SELECT * FROM handoff_clock WHERE handoff_id = ? AND clock_id = ? AND stopped_at IS NULL")
                .params(handoffId, clockId).query(ClockRecords::stored).optional();
    }

    List<Stored> runningStartedBy(String handoffId, String messageId) {
        return jdbc.sql("SELECT * FROM handoff_clock WHERE handoff_id = ? AND started_by = ? AND stopped_at IS NULL")
                .params(handoffId, messageId).query(ClockRecords::stored).list();
    }

    void start(NewClock clock, Deadline deadline) {
        String key = clock.handoffId() + "/" + clock.clockId() + "/" + (runs(clock.handoffId(), clock.clockId()) + 1);
        jdbc.sql("""
                        INSERT INTO handoff_clock (clock_key, handoff_id, profile, clock_id, started_by, started_at, in_custody,
                            responsible_agency, due_at, due_day, flags, explanation)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(key, clock.handoffId(), clock.profile(), clock.clockId(), clock.startedBy(), Timestamp.from(clock.startedAt()),
                        clock.inCustody(), clock.responsible(), Timestamp.from(deadline.dueAt()), deadline.dueDay(), flags(deadline),
                        String.join("\n", deadline.explanation()))
                .update();
        scheduleWarnings(key, deadline);
    }

    void stop(String key, Instant at, String event) {
        jdbc.sql("UPDATE handoff_clock SET stopped_at = ?, stopped_by = ? WHERE clock_key = ? AND stopped_at IS NULL")
                .params(Timestamp.from(at), event, key).update();
        dropPendingWarnings(key);
    }

    /** A new deadline for a running clock; warnings already fired stay fired, the others move. */
    void reschedule(Stored clock, Deadline deadline) {
        jdbc.sql("""
                        UPDATE handoff_clock SET due_at = ?, due_day = ?, flags = ?, explanation = ?, extensions = ?, pauses = ?,
                            paused_since = NULL
                        WHERE clock_key = ?""")
                .params(Timestamp.from(deadline.dueAt()), deadline.dueDay(), flags(deadline), String.join("\n", deadline.explanation()),
                        String.join(",", clock.extensions()),
                        String.join(",", clock.pauses().stream().map(p -> p.pausedAt() + "/" + p.resumedAt()).toList()), clock.key())
                .update();
        dropPendingWarnings(clock.key());
        scheduleWarnings(clock.key(), deadline);
    }

    /** While paused, nothing is due: the pending warnings go until the clock resumes. */
    void pause(String key, Instant at) {
        jdbc.sql("UPDATE handoff_clock SET paused_since = ? WHERE clock_key = ? AND paused_since IS NULL")
                .params(Timestamp.from(at), key).update();
        dropPendingWarnings(key);
    }

    void recordCustody(String handoffId, boolean inCustody, Instant since) {
        jdbc.sql("""
                        INSERT INTO handoff_custody (handoff_id, in_custody, since) VALUES (?, ?, ?)
                        ON CONFLICT (handoff_id) DO UPDATE SET in_custody = EXCLUDED.in_custody, since = EXCLUDED.since""")
                .params(handoffId, inCustody, Timestamp.from(since)).update();
    }

    boolean inCustody(String handoffId) {
        return jdbc.sql("SELECT in_custody FROM handoff_custody WHERE handoff_id = ?").param(handoffId)
                .query(Boolean.class).optional().orElse(false);
    }

    private int runs(String handoffId, String clockId) {
        return jdbc.sql("SELECT count(*) FROM handoff_clock WHERE handoff_id = ? AND clock_id = ?")
                .params(handoffId, clockId).query(Integer.class).single();
    }

    private void scheduleWarnings(String key, Deadline deadline) {
        deadline.warnings().forEach(warning -> jdbc.sql("""
                        INSERT INTO clock_warning (clock_key, level, fire_at) VALUES (?, ?, ?) ON CONFLICT (clock_key, level) DO NOTHING""")
                .params(key, warning.level(), Timestamp.from(warning.at())).update());
    }

    private void dropPendingWarnings(String key) {
        jdbc.sql("DELETE FROM clock_warning WHERE clock_key = ? AND fired_at IS NULL").param(key).update();
    }

    private static String flags(Deadline deadline) {
        return String.join(",", deadline.flags().stream().map(Enum::name).sorted().toList());
    }

    private static Stored stored(ResultSet rs, int row) throws SQLException {
        Timestamp pausedSince = rs.getTimestamp("paused_since");
        return new Stored(rs.getString("clock_key"), rs.getString("clock_id"), rs.getTimestamp("started_at").toInstant(),
                rs.getBoolean("in_custody"), list(rs.getString("extensions")),
                list(rs.getString("pauses")).stream().map(ClockRecords::pause).toList(),
                pausedSince == null ? null : pausedSince.toInstant());
    }

    private static List<String> list(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Pause pause(String interval) {
        String[] ends = interval.split("/");
        return new Pause(Instant.parse(ends[0]), Instant.parse(ends[1]));
    }
}
