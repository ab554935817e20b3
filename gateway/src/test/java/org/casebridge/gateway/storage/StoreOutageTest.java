package org.casebridge.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casebridge.gateway.storage.StorageProbes.assertFault;
import static org.casebridge.gateway.storage.StorageProbes.assertRefused;
import static org.casebridge.gateway.storage.StorageProbes.readiness;
import static org.casebridge.gateway.storage.StorageProbes.soapSubmit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * The store of record goes away under a running gateway (a real PostgreSQL, stopped): REST and
 * SOAP submissions are refused with 503 STORE_UNAVAILABLE and Retry-After, nothing half-stored,
 * the node is not ready; once the database is back, the same messages are accepted, once.
 */
class StoreOutageTest {

    @TempDir
    static Path work;
    static Path databaseDir;
    static int databasePort;
    static EmbeddedPostgres database;
    static RunningGateway gateway;
    static AgencyRest amr;
    static AgencyRest psb;

    @BeforeAll
    static void start() throws Exception {
        databaseDir = work.resolve("postgres");
        databasePort = freePort();
        database = startDatabase();
        Path agencies = TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate");
        gateway = RunningGateway.start(work.resolve("data"), agencies, Map.of(
                "spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres",
                "spring.datasource.username", "postgres",
                "spring.datasource.hikari.connection-timeout", "2000",
                "casebridge.storage.check-interval", "500ms"));
        amr = new AgencyRest("hohhot-amr", gateway.baseUrl());
        psb = new AgencyRest("hohhot-psb", gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void submissionsWhileTheDatabaseIsDownAreRefusedAndAcceptedOnceWhenItIsBack() throws Exception {
        assertThat(amr.submit(Messages.withoutAttachments(Messages.referral("hohhot-amr-h-before", "hohhot-amr-m-before"))).status()).isEqualTo(201);
        assertThat(readiness(gateway.baseUrl())).isEqualTo(200);

        database.close();
        database = null;
        ObjectNode rest = Messages.withoutAttachments(Messages.referral("hohhot-amr-h-outage-rest", "hohhot-amr-m-outage-rest"));
        var soapMessage = Messages.toModel(Messages.withoutAttachments(Messages.referral("hohhot-amr-h-outage-soap", "hohhot-amr-m-outage-soap")));

        long started = System.nanoTime();
        AgencyRest.Response refused = amr.submit(rest);
        long restMillis = (System.nanoTime() - started) / 1_000_000;
        assertRefused(refused, 503, "STORE_UNAVAILABLE");
        assertThat(refused.json().path("detail").asString()).contains("nothing was accepted").doesNotContain(String.valueOf(databasePort));
        started = System.nanoTime();
        var soap = soapSubmit(gateway.baseUrl(), amr, soapMessage);
        long soapMillis = (System.nanoTime() - started) / 1_000_000;
        assertFault(soap, 503, "STORE_UNAVAILABLE");
        assertThat(readiness(gateway.baseUrl())).as("readiness while the database is down").isEqualTo(503);
        assertRefused(psb.inbox(), 503, "STORE_UNAVAILABLE");
        assertRefused(amr.get("/api/v1/handoffs/hohhot-amr-h-before", "application/json"), 503, "STORE_UNAVAILABLE");
        System.out.printf("database down: REST %d %s in %d ms (Retry-After %s), SOAP %d in %d ms; readiness 503%n",
                refused.status(), refused.json().path("code").asString(), restMillis, refused.header("Retry-After"),
                soap.statusCode(), soapMillis);

        database = startDatabase();
        long back = System.nanoTime();
        int ready = readiness(gateway.baseUrl());
        for (int i = 0; i < 60 && ready != 200; i++) {
            Thread.sleep(500);
            ready = readiness(gateway.baseUrl());
        }
        assertThat(ready).as("readiness once the database is back").isEqualTo(200);
        System.out.printf("database back: ready again after %d ms%n", (System.nanoTime() - back) / 1_000_000);

        JdbcClient jdbc = gateway.context().getBean(JdbcClient.class);
        for (String table : new String[] {"message", "dispatch", "receipt"}) {
            assertThat(jdbc.sql("SELECT count(*) FROM " + table + " WHERE message_id IN ('hohhot-amr-m-outage-rest', 'hohhot-amr-m-outage-soap')")
                    .query(Integer.class).single()).as("nothing of the refused messages in " + table).isZero();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM handoff WHERE handoff_id IN ('hohhot-amr-h-outage-rest', 'hohhot-amr-h-outage-soap')")
                .query(Integer.class).single()).isZero();

        assertThat(amr.submit(rest).status()).isEqualTo(201);
        assertThat(amr.submit(rest).status()).as("the same message again is a repeat").isEqualTo(200);
        assertThat(soapSubmit(gateway.baseUrl(), amr, soapMessage).statusCode()).isEqualTo(200);
        assertThat(soapSubmit(gateway.baseUrl(), amr, soapMessage).statusCode()).isEqualTo(200);
        for (String messageId : new String[] {"hohhot-amr-m-outage-rest", "hohhot-amr-m-outage-soap"}) {
            assertThat(jdbc.sql("SELECT count(*) FROM message WHERE message_id = ?").param(messageId).query(Integer.class).single())
                    .isEqualTo(1);
            assertThat(jdbc.sql("SELECT count(*) FROM receipt WHERE message_id = ?").param(messageId).query(Integer.class).single())
                    .isEqualTo(1);
            // the recipient and the copy to the prosecutor, each once
            assertThat(jdbc.sql("SELECT count(*) FROM dispatch WHERE message_id = ?").param(messageId).query(Integer.class).single())
                    .isEqualTo(2);
        }
    }

    private static EmbeddedPostgres startDatabase() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(databaseDir)
                .setCleanDataDirectory(false)
                .setPort(databasePort)
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
