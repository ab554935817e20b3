package org.casebridge.gateway.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.casebridge.gateway.GatewayProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends entries to the audit chain in the caller's transaction, so that an entry exists exactly
 * when what it records was committed. The sealer links them later.
 */
@Service
public class AuditLog {

    /** The actor of what the gateway does by itself: receipts, warnings, configuration. */
    public static final String GATEWAY = "gateway";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String node;

    AuditLog(JdbcClient jdbc, Clock clock, GatewayProperties gateway) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.node = gateway.receivingGateway();
    }

    /**
     * @param target    what it concerns, e.g. {@code message:<id>}; null when nothing in particular
     * @param handoffId the case it belongs to; null when none
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(AuditKind kind, String actor, String target, String handoffId, AuditDetails details) {
        // The transaction id is taken before the entry id, so that the sealer's horizon (see
        // audit_seal) holds: every id handed out before it read the sequence belongs to a
        // transaction older than its own. A transaction keeps its id, so once is enough.
        // The marker is a synchronization, not a bound resource: those of an outer transaction
        // are suspended while a REQUIRES_NEW one runs, so an inner transaction takes its own id.
        if (TransactionSynchronizationManager.getSynchronizations().stream().noneMatch(XidTaken.class::isInstance)) {
            jdbc.sql("SELECT pg_current_xact_id()").query(String.class).single();
            TransactionSynchronizationManager.registerSynchronization(new XidTaken());
        }
        jdbc.sql("""
                        INSERT INTO audit_entry (at, kind, actor, target, handoff_id, details, node)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MILLIS)), kind.name(), actor, target, handoffId,
                        details.canonical(), node)
                .update();
    }

    /** Registered with a transaction once its id is assigned. */
    private static final class XidTaken implements TransactionSynchronization {
    }
}
