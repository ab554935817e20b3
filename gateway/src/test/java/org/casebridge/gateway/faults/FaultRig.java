package org.casebridge.gateway.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.casebridge.gateway.support.GatewayProcess;
import org.casebridge.testkit.artemis.ArtemisServer;

/**
 * The deployment under test: one PostgreSQL, one standalone Artemis, two gateway processes on
 * both, the push agencies' webhook and the pull agencies' systems.
 *
 * <p>Agencies: the market regulator of Hohhot (push: receives the police's receipts and its
 * delivery receipts) transfers to the Hohhot police (pull: collects, acknowledges, answers with a
 * receipt) with a copy to the Hohhot procuratorate (pull); the Baotou tax bureau (pull, its inbox
 * left alone and checked in the database) transfers to the Baotou police and procuratorate (both push).
 */
final class FaultRig implements AutoCloseable {

    static final List<String> PUSH = List.of("hohhot-amr", "baotou-psb", "baotou-procuratorate");

    final ExternalPostgres postgres;
    final ArtemisServer broker;
    final GatewayProcess node1;
    final GatewayProcess node2;
    final PushRecorder push;
    final Submitter submitter;
    final PullCollector police;
    final PullCollector procuratorate;
    private volatile Ledger ledger;

    private FaultRig(Path work, Consumer<Ledger.Arrival> policeFollowUp) throws IOException {
        push = new PushRecorder(() -> ledger, PUSH.toArray(String[]::new));
        postgres = new ExternalPostgres(work.resolve("postgres"), freePort()).start();
        broker = ArtemisServer.create(work.resolve("artemis")).start();
        Path agencies = Files.writeString(work.resolve("agencies.yml"), """
                version: 1
                agencies:
                  - { id: hohhot-amr, name: 呼和浩特市市场监督管理局, kind: ADMINISTRATIVE_AGENCY, delivery: { mode: PUSH_REST, endpoint: "%s" } }
                  - { id: hohhot-psb, name: 呼和浩特市公安局, kind: POLICE, delivery: { mode: PULL } }
                  - { id: hohhot-procuratorate, name: 呼和浩特市人民检察院, kind: PROSECUTOR, delivery: { mode: PULL } }
                  - { id: baotou-tax, name: 国家税务总局包头市税务局, kind: ADMINISTRATIVE_AGENCY, delivery: { mode: PULL } }
                  - { id: baotou-psb, name: 包头市公安局, kind: POLICE, delivery: { mode: PUSH_REST, endpoint: "%s" } }
                  - { id: baotou-procuratorate, name: 包头市人民检察院, kind: PROSECUTOR, delivery: { mode: PUSH_REST, endpoint: "%s" } }
                """.formatted(push.endpoint("hohhot-amr"), push.endpoint("baotou-psb"), push.endpoint("baotou-procuratorate")));
        Map<String, String> common = new LinkedHashMap<>();
        common.put("spring.datasource.url", postgres.jdbcUrl());
        common.put("spring.datasource.username", "postgres");
        common.put("spring.datasource.hikari.maximum-pool-size", "12");
        common.put("spring.datasource.hikari.connection-timeout", "5000");
        common.put("spring.artemis.mode", "native");
        common.put("spring.artemis.embedded.enabled", "false");
        common.put("spring.artemis.broker-url", broker.url());
        common.put("spring.artemis.user", ArtemisServer.USER);
        common.put("spring.artemis.password", ArtemisServer.PASSWORD);
        common.put("casebridge.agencies.file", "file:" + agencies);
        common.put("casebridge.signing.keystore", work.resolve("keys").resolve("signing.p12").toString());
        common.put("casebridge.signing.generate-if-missing", "true");
        common.put("casebridge.delivery.first-retry-delay", "200ms");
        common.put("casebridge.delivery.max-retry-delay", "1s");
        common.put("casebridge.routing.relay-interval", "50ms");
        // The load is the point here, not the per-caller rate limit.
        common.put("casebridge.rate-limit.requests-per-second", "100000");
        common.put("casebridge.rate-limit.burst", "100000");
        // One at a time: the first node creates the schema and the shared signing key.
        node1 = new GatewayProcess("node-1", work.resolve("node-1"), common).start();
        node2 = new GatewayProcess("node-2", work.resolve("node-2"), common).start();
        submitter = new Submitter(List.of(node1, node2));
        police = new PullCollector("hohhot-psb", submitter, policeFollowUp);
        procuratorate = new PullCollector("hohhot-procuratorate", submitter, null);
    }

    static FaultRig start(Path work, Consumer<Ledger.Arrival> policeFollowUp) {
        try {
            return new FaultRig(work, policeFollowUp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a scenario: everything that arrives from now on for its handoffs goes to this ledger. */
    void use(Ledger ledger) {
        this.ledger = ledger;
        submitter.ledger(ledger);
        police.ledger(ledger);
        procuratorate.ledger(ledger);
    }

    boolean followUpsIdle() {
        return police.idle() && procuratorate.idle();
    }

    @Override
    public void close() {
        closeQuietly(police);
        closeQuietly(procuratorate);
        closeQuietly(node2);
        closeQuietly(node1);
        closeQuietly(broker);
        closeQuietly(postgres);
        closeQuietly(push);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception e) {
            // the next one still has to stop
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
