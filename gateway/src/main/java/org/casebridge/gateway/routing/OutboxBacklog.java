package org.casebridge.gateway.routing;

import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The head of the outbox: the oldest dispatch still waiting for the broker, by its sequence number. */
@Component
public class OutboxBacklog {

    private final JdbcClient jdbc;

    OutboxBacklog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The sequence number of the oldest waiting entry; empty when the relay has caught up. */
    public OptionalLong head() {
        return jdbc.sql("SELECT seq FROM outbox ORDER BY seq LIMIT 1").query(Long.class).optional()
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
