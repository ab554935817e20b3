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
        Long head = jdbc.sql("SELECT min(seq) FROM outbox").query(Long.class).single();
        return head == null ? OptionalLong.empty() : OptionalLong.of(head);
    }
}
