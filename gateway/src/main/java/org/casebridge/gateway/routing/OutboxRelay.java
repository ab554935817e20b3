package org.casebridge.gateway.routing;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.List;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.support.JmsUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves outbox entries onto the broker. The broker commit comes before the database commit: a
 * crash between the two resends a batch, which Artemis' duplicate detection drops, and never
 * loses one. A cluster-wide advisory lock lets one node relay at a time, which keeps the order
 * of each handoff.
 */
@Component
class OutboxRelay {

    private static final long LOCK_KEY = 0x63617365L; // "case"

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ConnectionFactory broker;
    private final int batchSize;

    OutboxRelay(JdbcClient jdbc, TransactionTemplate transactions, ConnectionFactory broker, RoutingProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.broker = broker;
        this.batchSize = properties.relayBatchSize();
    }

    /** Publishes everything pending; returns how many dispatches went to the broker. */
    int publishPending() {
        int total = 0;
        int published;
        do {
            published = publishBatch();
            total += published;
        } while (published == batchSize);
        return total;
    }

    private int publishBatch() {
        Integer published = transactions.execute(status -> {
            Boolean locked = jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(LOCK_KEY).query(Boolean.class).single();
            if (!locked) {
                return 0;
            }
            List<Entry> batch = jdbc.sql("SELECT seq, dispatch_id, recipient_agency, handoff_id, round FROM outbox ORDER BY seq LIMIT ?")
                    .param(batchSize)
                    .query((rs, n) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)))
                    .list();
            if (batch.isEmpty()) {
                return 0;
            }
            send(batch);
            // Exactly the entries sent. Sequence numbers are taken at insert but become visible at
            // commit, so an entry below the batch's last one may have committed since the SELECT;
            // a range delete ("seq <= last") would drop it unsent.
            jdbc.sql("DELETE FROM outbox WHERE seq = ANY(?)")
                    .param(batch.stream().map(Entry::seq).toArray(Long[]::new))
                    .update();
            return batch.size();
        });
        return published == null ? 0 : published;
    }

    /** A local broker transaction of its own, deliberately not tied to the database transaction. */
    private void send(List<Entry> batch) {
        try (Connection connection = broker.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            try {
                sendAndCommit(session, batch);
            } catch (JMSException e) {
                if (!isDuplicate(e)) {
                    throw e;
                }
                // Artemis rolls back a whole transaction that holds one duplicate, so a batch that
                // was already on the broker (broker commit done, database commit lost) would block
                // the relay for good. One by one, a rejected duplicate is simply already there.
                for (Entry entry : batch) {
                    try {
                        sendAndCommit(session, List.of(entry));
                    } catch (JMSException single) {
                        if (!isDuplicate(single)) {
                            throw single;
                        }
                    }
                }
            }
        } catch (JMSException e) {
            throw JmsUtils.convertJmsAccessException(e);
        }
    }

    private static void sendAndCommit(Session session, List<Entry> entries) throws JMSException {
        try {
            for (Entry entry : entries) {
                Message message = session.createTextMessage(entry.dispatchId());
                message.setStringProperty(DispatchQueues.GROUP, entry.handoffId());
                message.setStringProperty(DispatchQueues.DUPLICATE_ID, DispatchQueues.duplicateId(entry.dispatchId(), entry.round()));
                try (MessageProducer producer = session.createProducer(session.createQueue(DispatchQueues.of(entry.recipient())))) {
                    producer.send(message);
                }
            }
            // One commit, one journal sync, for the whole batch.
            session.commit();
        } catch (JMSException e) {
            try {
                session.rollback();
            } catch (JMSException ignored) {
                // the broker rolled it back already
            }
            throw e;
        }
    }

    private static boolean isDuplicate(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ActiveMQException artemis && artemis.getType() == ActiveMQExceptionType.DUPLICATE_ID_REJECTED) {
                return true;
            }
        }
        return false;
    }

    private record Entry(long seq, String dispatchId, String recipient, String handoffId, int round) {
    }
}
