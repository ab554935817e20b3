package org.casebridge.gateway.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.casebridge.gateway.GatewayProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends entries to the audit chain in the caller's transaction, so that an entry exists exactly
 * when what it records was committed. The sealer links them later.
 *
 * <p>The entries of a transaction are written together just before it commits, in one batch: a
 * message's acceptance, state change and receipt cost one round trip to the database, not three.
 * If that write fails, the transaction rolls back with it.
 */
@Service
public class AuditLog {

    /** The actor of what the gateway does by itself: receipts, warnings, configuration. */
    public static final String GATEWAY = "gateway";

    private static final String INSERT = """
            INSERT INTO audit_entry (at, kind, actor, target, handoff_id, details, node)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final Clock clock;
    private final String node;

    AuditLog(JdbcClient jdbc, JdbcTemplate batches, Clock clock, GatewayProperties gateway) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.clock = clock;
        this.node = gateway.receivingGateway();
    }

    /**
     * @param target    what it concerns, e.g. {@code message:<id>}; null when nothing in particular
     * @param handoffId the case it belongs to; null when none
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(AuditKind kind, String actor, String target, String handoffId, AuditDetails details) {
        pendingEntries().add(new Object[] {Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MILLIS)), kind.name(), actor,
                target, handoffId, details.canonical(), node});
    }

    /**
     * The entries waiting in the current transaction. Kept by a synchronization, not a bound
     * resource: those of an outer transaction stay bound while a REQUIRES_NEW one runs, whereas
     * synchronizations are suspended with it, so an inner transaction writes its own entries.
     */
    private List<Object[]> pendingEntries() {
        for (TransactionSynchronization registered : TransactionSynchronizationManager.getSynchronizations()) {
            if (registered instanceof PendingEntries pending) {
                return pending.rows;
            }
        }
        PendingEntries pending = new PendingEntries();
        TransactionSynchronizationManager.registerSynchronization(pending);
        return pending.rows;
    }

    private final class PendingEntries implements TransactionSynchronization {

        private final List<Object[]> rows = new ArrayList<>();

        @Override
        public void beforeCommit(boolean readOnly) {
            if (rows.isEmpty()) {
                return;
            }
            // The transaction id is taken before the entry ids, so that the sealer's horizon (see
            // audit_seal) holds: every id handed out before it read the sequence belongs to a
            // transaction older than its own.
            jdbc.sql("SELECT pg_current_xact_id()").query(String.class).single();
            batches.batchUpdate(INSERT, rows);
            rows.clear();
        }
    }
}
