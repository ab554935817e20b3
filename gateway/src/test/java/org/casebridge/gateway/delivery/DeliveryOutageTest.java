package org.casebridge.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.casebridge.contracts.v1.DispatchKind;
import org.casebridge.gateway.delivery.FlakyWebhook.Arrival;
import org.casebridge.gateway.delivery.FlakyWebhook.Mode;
import org.casebridge.gateway.support.AdjustableClock;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.CaseScript;
import org.casebridge.gateway.support.InProcessAgency;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The regulator's webhook is down for a while, in every way one can be: first its port is closed
 * (connection refused), then it accepts but never answers (read timeout), then it answers HTTP 500,
 * then it comes back. Meanwhile four handoffs run: the regulator transfers over REST, the police
 * (in-process) take the transfer, answer with a receipt and a decision; the regulator's share of
 * each handoff (two delivery receipts and two messages) waits on the gateway. At the end each
 * dispatch reached the regulator exactly once in effect, in order per handoff, and every failed
 * attempt is on record with the kind of failure it was.
 */
class DeliveryOutageTest {

    private static final String AMR = "hohhot-amr";
    private static final String PSB = "hohhot-psb";
    private static final String PROCURATORATE = "hohhot-procuratorate";
    private static final int HANDOFFS = 4;
    private static final int PER_HANDOFF = 4;

    @TempDir
    Path work;

    @Test
    void everyDispatchArrivesOnceAndInOrderThroughAnOutage() throws Exception {
        try (FlakyWebhook webhook = new FlakyWebhook()) {
            Path agencies = TestAgencies.write(work, Map.of(AMR, """
                    { mode: PUSH_REST, endpoint: "%s", connect-timeout: PT1S, read-timeout: PT1S, consumers: 2,
                      retry: { backoff: PROGRESSIVE, first-delay: PT0.1S, max-delay: PT0.4S, multiplier: 2, max-attempts: 1000 } }"""
                    .formatted(webhook.url())), AMR, PSB, PROCURATORATE);
            try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), agencies)) {
                JdbcClient database = gateway.context().getBean(JdbcClient.class);
                AgencyRest amr = new AgencyRest(AMR, gateway.baseUrl());
                InProcessAgency police = new InProcessAgency(gateway.context(), PSB);
                InProcessAgency procuratorate = new InProcessAgency(gateway.context(), PROCURATORATE);

                // Port closed while the handoffs run.
                for (int h = 1; h <= HANDOFFS; h++) {
                    playHandoff("hohhot-amr-h-outage-" + h, amr, police, procuratorate);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> toAmr(database) == HANDOFFS * PER_HANDOFF);
                awaitFailures(database, "CONNECTION_REFUSED", 4);
                assertThat(webhook.arrivals()).isEmpty();

                webhook.mode(Mode.HANG);
                awaitFailures(database, "READ_TIMEOUT", 3);
                webhook.mode(Mode.ERROR);
                awaitFailures(database, "HTTP_STATUS", 3);
                webhook.mode(Mode.ACCEPT);
                await().atMost(Duration.ofSeconds(60)).until(() -> database.sql(
                        "SELECT count(*) FROM dispatch WHERE recipient_agency = ? AND state = 'ACKNOWLEDGED'")
                        .param(AMR).query(Integer.class).single() == HANDOFFS * PER_HANDOFF);

                List<Sent> sent = database.sql("SELECT dispatch_id, handoff_id FROM dispatch WHERE recipient_agency = ? ORDER BY seq")
                        .param(AMR).query((rs, n) -> new Sent(rs.getString(1), rs.getString(2))).list();
                List<Arrival> arrivals = webhook.arrivals();
                Map<String, Long> accepted = arrivals.stream().filter(a -> a.answer() == Mode.ACCEPT)
                        .collect(Collectors.groupingBy(Arrival::dispatchId, Collectors.counting()));
                Map<String, Long> raw = arrivals.stream().collect(Collectors.groupingBy(Arrival::dispatchId, Collectors.counting()));

                // Exactly once in effect: every dispatch accepted once, nothing unknown arrived.
                assertThat(accepted.keySet()).containsExactlyInAnyOrderElementsOf(sent.stream().map(Sent::dispatchId).toList());
                assertThat(accepted.values()).allMatch(n -> n == 1);
                assertThat(raw.keySet()).isEqualTo(accepted.keySet());

                // In order per handoff: the regulator took each handoff's dispatches in the order they were made.
                Map<String, String> handoffOf = sent.stream().collect(Collectors.toMap(Sent::dispatchId, Sent::handoffId));
                Map<String, List<String>> made = new LinkedHashMap<>();
                sent.forEach(s -> made.computeIfAbsent(s.handoffId(), k -> new ArrayList<>()).add(s.dispatchId()));
                Map<String, List<String>> taken = new LinkedHashMap<>();
                arrivals.stream().filter(a -> a.answer() == Mode.ACCEPT)
                        .forEach(a -> taken.computeIfAbsent(handoffOf.get(a.dispatchId()), k -> new ArrayList<>()).add(a.dispatchId()));
                assertThat(taken).isEqualTo(made);

                // Every attempt on record, with the kind of failure the endpoint really caused.
                Map<String, Integer> byKind = new TreeMap<>(database.sql("""
                                SELECT coalesce(error_kind, outcome) AS kind, count(*) AS n FROM dispatch_attempt a
                                JOIN dispatch d USING (dispatch_id) WHERE d.recipient_agency = ? GROUP BY 1""")
                        .param(AMR).query((rs, n) -> Map.entry(rs.getString(1), rs.getInt(2))).list().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
                Map<Mode, Long> answered = arrivals.stream().collect(Collectors.groupingBy(Arrival::answer, Collectors.counting()));
                assertThat(byKind.keySet()).containsExactlyInAnyOrder("CONNECTION_REFUSED", "READ_TIMEOUT", "HTTP_STATUS", "DELIVERED");
                assertThat(byKind.get("READ_TIMEOUT")).isEqualTo(answered.get(Mode.HANG).intValue());
                assertThat(byKind.get("HTTP_STATUS")).isEqualTo(answered.get(Mode.ERROR).intValue());
                assertThat(byKind.get("DELIVERED")).isEqualTo(HANDOFFS * PER_HANDOFF);
                assertThat(database.sql("SELECT DISTINCT error_kind || ': ' || error FROM dispatch_attempt WHERE outcome = 'FAILED'")
                        .query(String.class).list()).containsExactlyInAnyOrder(
                                "CONNECTION_REFUSED: connection refused", "READ_TIMEOUT: read timed out after PT1S", "HTTP_STATUS: HTTP 500");
                // The failed attempts of each dispatch are what its row counts, and none was given up on.
                assertThat(database.sql("""
                                SELECT count(*) FROM dispatch d WHERE d.recipient_agency = ? AND d.attempts <>
                                    (SELECT count(*) FROM dispatch_attempt a WHERE a.dispatch_id = d.dispatch_id AND a.outcome = 'FAILED')""")
                        .param(AMR).query(Integer.class).single()).isZero();
                assertThat(database.sql("SELECT count(*) FROM dispatch WHERE state IN ('DEAD_LETTER', 'HELD')").query(Integer.class).single())
                        .isZero();

                long duplicated = accepted.values().stream().filter(n -> n > 1).count();
                System.out.printf("""
                        
                        Delivery through an outage (%d handoffs, %d dispatches to %s)
                          sent          %4d
                          delivered     %4d
                          lost          %4d
                          duplicated    %4d
                          raw arrivals  %4d  (%s)
                          attempts by outcome: %s
                        %n""", HANDOFFS, sent.size(), AMR, sent.size(), accepted.size(), sent.size() - accepted.size(), duplicated,
                        arrivals.size(), new TreeMap<>(answered), byKind);
                // The police learn, by delivery receipts in their inbox, that their receipt and decision reached the regulator.
                List<InProcessAgency.Taken> receipts = new ArrayList<>();
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    police.drain().stream().filter(t -> t.kind() == DispatchKind.DELIVERY_RECEIPT
                            && t.document().get("recipient").asString().equals(AMR)).forEach(receipts::add);
                    return receipts.size() >= 2 * HANDOFFS;
                });
                assertThat(receipts.stream().map(t -> t.document().get("messageId").asString()).distinct()).hasSize(2 * HANDOFFS);
                assertThat(receipts).hasSize(2 * HANDOFFS);
            }
        }
    }

    private static void playHandoff(String handoff, AgencyRest amr, InProcessAgency police, InProcessAgency procuratorate) {
        CaseScript script = new CaseScript(handoff, new AdjustableClock());
        Instant now = Instant.now().minusSeconds(5);
        AgencyRest.Response submitted = amr.submit(script.transfer(AMR + "-m-transfer-" + handoff, now));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> police.drain().stream().anyMatch(t -> t.kind() == DispatchKind.MESSAGE));
        await().atMost(Duration.ofSeconds(20)).until(() -> procuratorate.drain().stream().anyMatch(t -> t.kind() == DispatchKind.MESSAGE));
        // The transfer went over REST, not through the script: the receipt names it itself.
        script.send(police, script.reply("receipt", PSB + "-m-receipt-" + handoff, PSB, AMR, now).put("inReplyTo", AMR + "-m-transfer-" + handoff));
        script.send(police, script.reply("decision-register", PSB + "-m-decision-" + handoff, PSB, AMR, now, PROCURATORATE));
    }

    private static int toAmr(JdbcClient database) {
        return database.sql("SELECT count(*) FROM dispatch WHERE recipient_agency = ?").param(AMR).query(Integer.class).single();
    }

    private static void awaitFailures(JdbcClient database, String kind, int atLeast) {
        await().atMost(Duration.ofSeconds(30)).until(() -> database.sql(
                "SELECT count(*) FROM dispatch_attempt WHERE error_kind = ?").param(kind).query(Integer.class).single() >= atLeast);
    }

    private record Sent(String dispatchId, String handoffId) {
    }
}
