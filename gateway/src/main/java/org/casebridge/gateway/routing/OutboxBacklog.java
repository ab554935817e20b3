package org.casebridge.gateway.routing;

import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The head of the outbox: the oldest dispatch still waiting for the broker. */
@Component
public class OutboxBacklog {

    private final JdbcClient jdbc;

    OutboxBacklog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The oldest waiting entry and how long it has waited (database clock); empty when the relay has caught up. */
    public Optional<Head> head() {
        return jdbc.sql("""
                        SELECT seq, (extract(epoch FROM clock_timestamp() - enqueued_at) * 1000)::bigint AS waited_ms
                        FROM outbox ORDER BY seq LIMIT 1""")
                .query((rs, n) -> new Head(rs.getLong("seq"), Duration.ofMillis(Math.max(0, rs.getLong("waited_ms")))))
                .optional();
    }

    /** @param waited how long the entry has been in the outbox */
    public record Head(long seq, Duration waited) {
    }
}
