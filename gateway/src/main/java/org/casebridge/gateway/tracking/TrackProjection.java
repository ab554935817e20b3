package org.casebridge.gateway.tracking;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.casebridge.contracts.codec.ContractJson;
import org.casebridge.gateway.clocks.WarningFired;
import org.casebridge.gateway.lifecycle.HandoffTransitioned;
import org.casebridge.gateway.lifecycle.MessageDelivered;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps the handoff_track read model in step with its sources. Every write that changes a tracked
 * column comes with one of these events (messages, deliveries and clock changes through the
 * lifecycle's, fired warnings through the clocks'). The handoffs touched in a transaction are
 * refreshed just before it commits, all in one statement however many messages the transaction
 * recorded, so the row commits or rolls back with what it reflects. A message's search terms are
 * taken from the decoded message intake hands over, not parsed again from its JSON.
 */
@Component
class TrackProjection {

    private final JdbcClient jdbc;

    TrackProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(HandoffTransitioned transition) {
        Touched touched = touched();
        SearchTerms terms = transition.message() == null ? SearchTerms.NONE : SearchTerms.of(transition.message());
        touched.terms.merge(transition.handoffId(), terms, SearchTerms::plus);
        flushOutsideTransaction(touched);
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
        Touched touched = touched();
        touched.terms.putIfAbsent(handoffId, SearchTerms.NONE);
        flushOutsideTransaction(touched);
    }

    /** The handoffs touched in the current transaction; a fresh set, refreshed at once, outside one. */
    private Touched touched() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return new Touched();
        }
        Touched touched = (Touched) TransactionSynchronizationManager.getResource(this);
        if (touched == null) {
            touched = new Touched();
            TransactionSynchronizationManager.bindResource(this, touched);
            TransactionSynchronizationManager.registerSynchronization(touched);
        }
        return touched;
    }

    private void flushOutsideTransaction(Touched touched) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            refresh(touched.terms);
        }
    }

    private void refresh(Map<String, SearchTerms> terms) {
        if (terms.isEmpty()) {
            return;
        }
        ObjectNode changes = ContractJson.mapper().createObjectNode();
        terms.forEach((handoffId, t) -> {
            ObjectNode entry = changes.putObject(handoffId);
            fill(entry.putArray("d"), t.documentNumbers());
            fill(entry.putArray("c"), t.caseNumbers());
            fill(entry.putArray("n"), t.partyNames());
        });
        jdbc.sql("SELECT casebridge_track_handoffs(CAST(? AS jsonb))").param(changes.toString()).query(Integer.class).single();
    }

    private static void fill(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    /** The handoffs of one transaction, refreshed together (in id order, so concurrent transactions lock alike). */
    private final class Touched implements TransactionSynchronization {
        /** Per handoff, the search terms of the messages this transaction recorded for it. */
        private final Map<String, SearchTerms> terms = new TreeMap<>();

        @Override
        public void beforeCommit(boolean readOnly) {
            TransactionSynchronizationManager.unbindResource(TrackProjection.this);
            refresh(terms);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(TrackProjection.this);
        }
    }
}
