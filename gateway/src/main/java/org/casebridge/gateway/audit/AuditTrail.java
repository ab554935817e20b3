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

/**
 * Appends to the access trail ({@code audit_event}), in a transaction of its own so that a
 * refusal is kept although the refused request changes nothing, and to the audit chain as an
 * {@link AuditKind#ACCESS} entry in the same transaction.
 */
@Service
public class AuditTrail {

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final String node;
    private final AuditLog chain;

    AuditTrail(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, GatewayProperties gateway, AuditLog chain) {
        this.jdbc = jdbc;
        this.chain = chain;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.node = gateway.receivingGateway();
    }

    public void record(AuditEntry entry) {
        recordAll(List.of(entry));
    }

    /** Records the entries in one transaction, e.g. each delivery of an inbox page. */
    public void recordAll(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        ownTransaction.executeWithoutResult(status -> entries.forEach(this::insert));
    }

    private void insert(AuditEntry entry) {
        jdbc.sql("""
                        INSERT INTO audit_event (at, actor, actor_agency, actor_roles, action, target, outcome, reason, node)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(Timestamp.from(clock.instant()), entry.actor(), entry.actorAgency(),
                        String.join(",", new TreeSet<>(entry.actorRoles())), entry.action(), entry.target(),
                        entry.allowed() ? "ALLOWED" : "DENIED", entry.reason(), node)
                .update();
        String target = entry.target();
        String handoffId = target != null && target.startsWith("handoff:") ? target.substring("handoff:".length()) : null;
        chain.append(AuditKind.ACCESS, entry.actor(), target, handoffId, AuditDetails.of()
                .with("action", entry.action())
                .with("outcome", entry.allowed() ? "ALLOWED" : "DENIED")
                .with("reason", entry.reason())
                .with("actorAgency", entry.actorAgency())
                .with("actorRoles", new TreeSet<>(entry.actorRoles())));
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
