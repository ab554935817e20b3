package org.casebridge.gateway.delivery;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.casebridge.adapter.spi.OutboundTransport.FailureKind;
import org.casebridge.gateway.GatewayProperties;
import org.casebridge.gateway.routing.Dispatch;
import org.casebridge.gateway.routing.Dispatches;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Every push attempt, as it ended: when, how long, on which node, and what went wrong. */
@Repository
public class DeliveryAttempts {

    private static final int LONGEST_ERROR = 1000;

    private final JdbcClient jdbc;
    private final Dispatches dispatches;
    private final String node;

    DeliveryAttempts(JdbcClient jdbc, Dispatches dispatches, GatewayProperties gateway) {
        this.jdbc = jdbc;
        this.dispatches = dispatches;
        this.node = gateway.receivingGateway();
    }

    /** One attempt. {@code errorKind} and {@code error} are null when it was delivered. */
    public record Attempt(int attempt, int round, Instant startedAt, Duration duration, String node, String outcome,
            String errorKind, String error) {
    }

    void delivered(Dispatch dispatch, Instant startedAt, Duration took) {
        insert(dispatch, startedAt, took, "DELIVERED", null, null);
    }

    @Transactional
    public void failed(Dispatch dispatch, Instant startedAt, Duration took, FailureKind kind, String error) {
        String text = error.length() > LONGEST_ERROR ? error.substring(0, LONGEST_ERROR) : error;
        insert(dispatch, startedAt, took, "FAILED", kind.name(), text);
        dispatches.recordFailedAttempt(dispatch.dispatchId(), text);
    }

    /** Failed attempts in the dispatch's current round: what its retry policy counts. */
    int failedInRound(Dispatch dispatch) {
        return jdbc.sql("SELECT count(*) FROM dispatch_attempt WHERE dispatch_id = ? AND round = ? AND outcome = 'FAILED'")
                .params(dispatch.dispatchId(), dispatch.round()).query(Integer.class).single();
    }

    /** Every attempt of a dispatch, first first. */
    public List<Attempt> of(String dispatchId) {
        return jdbc.sql("SELECT * FROM dispatch_attempt WHERE dispatch_id = ? ORDER BY attempt")
                .param(dispatchId)
                .query((rs, n) -> new Attempt(rs.getInt("attempt"), rs.getInt("round"), rs.getTimestamp("started_at").toInstant(),
                        Duration.ofMillis(rs.getLong("duration_ms")), rs.getString("node"), rs.getString("outcome"),
                        rs.getString("error_kind"), rs.getString("error")))
                .list();
    }

    private void insert(Dispatch dispatch, Instant startedAt, Duration took, String outcome, String kind, String error) {
        jdbc.sql("""
                        INSERT INTO dispatch_attempt (dispatch_id, attempt, round, started_at, duration_ms, node, outcome, error_kind, error)
                        SELECT ?, coalesce(max(attempt), 0) + 1, ?, ?, ?, ?, ?, ?, ? FROM dispatch_attempt WHERE dispatch_id = ?""")
                .params(dispatch.dispatchId(), dispatch.round(), Timestamp.from(startedAt), took.toMillis(), node, outcome, kind, error,
                        dispatch.dispatchId())
                .update();
    }
}
