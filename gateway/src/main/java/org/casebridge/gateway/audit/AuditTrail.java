package org.casebridge.gateway.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.TreeSet;
import org.casebridge.gateway.GatewayProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Appends to the audit trail, in a transaction of its own. */
@Service
public class AuditTrail {

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final String node;

    AuditTrail(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, GatewayProperties gateway) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.node = gateway.receivingGateway();
    }

    public void record(AuditEntry entry) {
        ownTransaction.executeWithoutResult(status -> jdbc.sql("""
                        INSERT INTO audit_event (at, actor, actor_agency, actor_roles, action, target, outcome, reason, node)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(Timestamp.from(clock.instant()), entry.actor(), entry.actorAgency(),
                        String.join(",", new TreeSet<>(entry.actorRoles())), entry.action(), entry.target(),
                        entry.allowed() ? "ALLOWED" : "DENIED", entry.reason(), node)
                .update());
    }

    /** The latest entries about one target, newest first. */
    public List<AuditRecord> about(String target, int max) {
        return jdbc.sql("SELECT * FROM audit_event WHERE target = ? ORDER BY seq DESC LIMIT ?")
                .params(target, max)
                .query((rs, n) -> new AuditRecord(rs.getLong("seq"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                        rs.getString("actor_agency"), rs.getString("action"), rs.getString("target"),
                        rs.getString("outcome").equals("ALLOWED"), rs.getString("reason")))
                .list();
    }

    /** An entry as stored. */
    public record AuditRecord(long seq, java.time.Instant at, String actor, String actorAgency, String action,
            String target, boolean allowed, String reason) {
    }
}
