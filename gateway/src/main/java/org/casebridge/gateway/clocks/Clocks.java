package org.casebridge.gateway.clocks;

import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The clocks of a handoff, running or stopped, with their warnings. */
@Service
public class Clocks {

    private final JdbcClient jdbc;

    Clocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<RunningClock> of(String handoffId) {
        return jdbc.sql("SELECT * FROM handoff_clock WHERE handoff_id = ? ORDER BY started_at, clock_key").param(handoffId)
                .query((rs, n) -> new RunningClock(rs.getString("clock_key"), rs.getString("handoff_id"), rs.getString("profile"),
                        rs.getString("clock_id"), rs.getString("responsible_agency"), rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("due_at").toInstant(), rs.getObject("due_day", java.time.LocalDate.class),
                        rs.getString("flags").isEmpty() ? List.of() : Arrays.asList(rs.getString("flags").split(",")),
                        Arrays.asList(rs.getString("explanation").split("\n")),
                        rs.getString("extensions").isEmpty() ? List.of() : Arrays.asList(rs.getString("extensions").split(",")),
                        rs.getTimestamp("paused_since") == null ? null : rs.getTimestamp("paused_since").toInstant(),
                        rs.getTimestamp("stopped_at") == null ? null : rs.getTimestamp("stopped_at").toInstant(),
                        rs.getString("stopped_by"), warnings(rs.getString("clock_key"))))
                .list();
    }

    private List<RunningClock.ClockWarning> warnings(String clockKey) {
        return jdbc.sql("SELECT level, fire_at, fired_at FROM clock_warning WHERE clock_key = ? ORDER BY fire_at").param(clockKey)
                .query((rs, n) -> new RunningClock.ClockWarning(rs.getString("level"), rs.getTimestamp("fire_at").toInstant(),
                        rs.getTimestamp("fired_at") == null ? null : rs.getTimestamp("fired_at").toInstant()))
                .list();
    }
}
