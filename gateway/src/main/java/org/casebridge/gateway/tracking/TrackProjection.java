package org.casebridge.gateway.tracking;

import java.util.Set;
import java.util.TreeSet;
import org.casebridge.gateway.clocks.WarningFired;
import org.casebridge.gateway.lifecycle.HandoffTransitioned;
import org.casebridge.gateway.lifecycle.MessageDelivered;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the handoff_track read model in step with its sources. Every write that changes a tracked
 * column comes with one of these events (messages, deliveries and clock changes through the
 * lifecycle's, fired warnings through the clocks'); the handoffs touched in a transaction are
 * refreshed once each just before it commits, so that a message moving a handoff through several
 * steps costs one statement, and the row commits or rolls back with what it reflects.
 */
@Component
class TrackProjection {

    private final JdbcClient jdbc;

    TrackProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(HandoffTransitioned transition) {
        touch(transition.handoffId());
    }

    @EventListener
    void on(MessageDelivered delivered) {
        touch(delivered.handoffId());
    }

    @EventListener
    void on(WarningFired fired) {
        touch(fired.handoffId());
    }

    private void touch(String handoffId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            refresh(handoffId);
            return;
        }
        Touched touched = (Touched) TransactionSynchronizationManager.getResource(this);
        if (touched == null) {
            touched = new Touched();
            TransactionSynchronizationManager.bindResource(this, touched);
            TransactionSynchronizationManager.registerSynchronization(touched);
        }
        touched.ids.add(handoffId);
    }

    void refresh(String handoffId) {
        jdbc.sql("SELECT casebridge_track_handoff(?)").param(handoffId).query((rs, n) -> 1).list();
    }

    /** The handoffs of one transaction, refreshed in id order so that concurrent transactions lock alike. */
    private final class Touched implements TransactionSynchronization {
        private final Set<String> ids = new TreeSet<>();

        @Override
        public void beforeCommit(boolean readOnly) {
            TransactionSynchronizationManager.unbindResource(TrackProjection.this);
            ids.forEach(TrackProjection.this::refresh);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(TrackProjection.this);
        }
    }
}
