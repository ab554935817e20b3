package org.casebridge.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import org.casebridge.gateway.routing.DispatchQueues;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dispatch whose delivery failed (rolled back) must be handed out again before a later dispatch
 * of its handoff that reaches the queue meanwhile. With a broker redelivery delay it is not: the
 * failed one waits out the delay and the later one is handed out at once, which the fault suite
 * saw as a police receipt arriving before the delivery receipt it follows (the delivery receipt's
 * push failed while PostgreSQL restarted; the receipt was submitted once it was back). This
 * checks the broker settings the gateway runs with; docker's broker.xml is kept the same by
 * DeploymentFilesTest.
 */
class RedeliveryOrderTest {

    private static final String HANDOFF = "h-order";

    @TempDir
    Path work;

    @Test
    void aRolledBackDispatchIsHandedOutBeforeTheNextOfItsHandoff() throws Exception {
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate");
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencies)) {
            ConnectionFactory broker = gateway.context().getBean(ConnectionFactory.class);
            // A queue under the dispatch address settings that no agency listens on.
            String queue = DispatchQueues.of("order-probe");
            try (Connection connection = broker.createConnection()) {
                connection.start();
                send(connection, queue, "delivery-receipt");
                try (Session delivering = connection.createSession(true, Session.SESSION_TRANSACTED)) {
                    MessageConsumer consumer = delivering.createConsumer(delivering.createQueue(queue));
                    assertThat(((TextMessage) consumer.receive(5000)).getText()).isEqualTo("delivery-receipt");
                    delivering.rollback(); // its push failed: the dispatch goes back

                    send(connection, queue, "police-receipt"); // the handoff's next dispatch arrives
                    TextMessage next = (TextMessage) consumer.receive(5000);
                    assertThat(next).as("something handed out after the rollback").isNotNull();
                    assertThat(next.getText()).as("the failed dispatch comes back first").isEqualTo("delivery-receipt");
                    assertThat(next.getJMSRedelivered()).isTrue();
                    delivering.commit();
                    assertThat(((TextMessage) consumer.receive(5000)).getText()).isEqualTo("police-receipt");
                    delivering.commit();
                }
            }
        }
    }

    private static void send(Connection connection, String queue, String dispatch) throws JMSException {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            TextMessage message = session.createTextMessage(dispatch);
            message.setStringProperty(DispatchQueues.GROUP, HANDOFF);
            session.createProducer(session.createQueue(queue)).send(message);
        }
    }
}
