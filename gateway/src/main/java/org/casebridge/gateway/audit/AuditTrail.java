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
        ownTransaction.executeWithoutResult(status -> entries.forEach(entry -> insertNow(entry, null, null)));
    }

    /**
     * One entry, or with {@code repeats} the count of refusals like it from one client address
     * between its first and last time (see {@link RepeatedRefusals}).
     */
    void insert(AuditEntry entry, String clientAddress, Repeats repeats) {
        ownTransaction.executeWithoutResult(status -> insertNow(entry, clientAddress, repeats));
    }

    private void insertNow(AuditEntry entry, String clientAddress, Repeats repeats) {
        jdbc.sql("""
                        INSERT INTO audit_event (at, actor, actor_agency, actor_roles, action, target, outcome, reason, node,
                                                 client_address, repeats, last_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(Timestamp.from(repeats == null ? clock.instant() : repeats.first()), entry.actor(), entry.actorAgency(),
                        String.join(",", new TreeSet<>(entry.actorRoles())), entry.action(), entry.target(),
                        entry.allowed() ? "ALLOWED" : "DENIED", entry.reason(), node, clientAddress,
                        repeats == null ? 1 : repeats.count(), repeats == null ? null : Timestamp.from(repeats.last()))
                .update();
        String target = entry.target();
        String handoffId = target != null && target.startsWith("handoff:") ? target.substring("handoff:".length()) : null;
        AuditDetails details = AuditDetails.of()
                .with("action", entry.action())
                .with("outcome", entry.allowed() ? "ALLOWED" : "DENIED")
                .with("reason", entry.reason())
                .with("actorAgency", entry.actorAgency())
                .with("actorRoles", new TreeSet<>(entry.actorRoles()));
        if (clientAddress != null) {
            details.with("clientAddress", clientAddress);
        }
        if (repeats != null) {
            details.with("count", repeats.count()).with("firstAt", repeats.first().toString())
                    .with("lastAt", repeats.last().toString());
        }
        chain.append(AuditKind.ACCESS, entry.actor(), target, handoffId, details);
    }

    /** How many refusals one entry stands for, and when the first and the last of them came. */
    record Repeats(int count, java.time.Instant first, java.time.Instant last) {
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
