package org.casebridge.gateway.clocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.adapter.spi.IntakePort;
import org.casebridge.contracts.v1.DispatchKind;
import org.casebridge.gateway.receipts.Receipts;
import org.casebridge.gateway.routing.Dispatch;
import org.casebridge.gateway.routing.Dispatches;
import org.casebridge.gateway.support.AdjustableClock;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.GatewayKeys;
import org.casebridge.gateway.support.Messages;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The police's clocks start with their receipt; as the gateway's time moves on, each warning fires
 * once, signed, to the agency that must act; a decision stops the clocks it ends and starts the
 * next. Time moves by the gateway's injected clock, so the days pass in seconds. (Past the real
 * time, the realm's tokens look expired to the gateway; after each jump the test inspects the
 * gateway in-process.)
 */
class HandoffClocksTest {

    private static final String HANDOFF = "hohhot-amr-h-clocks";
    private static final Caller POLICE = new Caller("hohhot-psb", "hohhot-psb", Set.of("agency-system"));

    @TempDir
    Path work;

    @Test
    void warningsFireOnceToTheResponsibleAgencyAndStopWithTheDecision() throws Exception {
        AdjustableClock clock = new AdjustableClock();
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), TestAgencies.pull(work, "hohhot-amr", "hohhot-psb", "hohhot-procuratorate"),
                Map.of("casebridge.clocks.scan-interval", "100ms"), clock)) {
            AgencyRest amr = new AgencyRest("hohhot-amr", gateway.baseUrl());
            AgencyRest police = new AgencyRest("hohhot-psb", gateway.baseUrl());
            GatewayKeys keys = GatewayKeys.of(amr, gateway.baseUrl());
            ObjectNode transfer = Messages.withoutAttachments(Messages.referral(HANDOFF, "hohhot-amr-m-clocks"));
            assertThat(amr.submit(transfer).status()).isEqualTo(201);
            JsonNode delivery = await().atMost(Duration.ofSeconds(20)).until(() -> police.inbox().json().get("deliveries"), d -> d.size() == 1).get(0);
            police.acknowledge(delivery.get("dispatchId").asString());
            assertThat(police.submit(Messages.withoutAttachments(Messages.reply("receipt", HANDOFF, "hohhot-psb-m-clocks-receipt", "hohhot-amr-m-clocks"))).status())
                    .isEqualTo(201);

            JsonNode clocks = amr.get("/api/v1/handoffs/" + HANDOFF + "/clocks").json().get("clocks");
            JsonNode decision = find(clocks, "police-decision");
            assertThat(decision.get("state").asString()).isEqualTo("RUNNING");
            assertThat(decision.get("responsible").asString()).isEqualTo("hohhot-psb");
            assertThat(decision.get("legalBasis").get("source").asString()).contains("SC 8");
            assertThat(decision.get("remainingSeconds").asLong()).isPositive();
            assertThat(find(clocks, "police-receipt").get("state").asString()).isEqualTo("STOPPED");
            assertThat(find(clocks, "forwarding").get("state").asString()).isEqualTo("RUNNING");
            Instant half = Instant.parse(level(decision, "HALF").get("fireAt").asString());
            Instant due = Instant.parse(decision.get("dueAt").asString());

            // Past the half-time of the decision: the 24-hour clocks have run out, the decision clock is half gone.
            Dispatches dispatches = gateway.context().getBean(Dispatches.class);
            clock.advance(Duration.between(Instant.now(), half).plusSeconds(1));
            await().atMost(Duration.ofSeconds(20)).until(() -> warningsFor(dispatches, "hohhot-psb").size() == 9);
            Thread.sleep(500); // more scans, nothing more fires
            List<Dispatch> warnings = warningsFor(dispatches, "hohhot-psb");
            assertThat(warnings).hasSize(9).extracting(Dispatch::documentId).doesNotHaveDuplicates();

            Receipts receipts = gateway.context().getBean(Receipts.class);
            var signed = receipts.warning(warnings.getFirst().documentId(), Encoding.JSON);
            keys.verifyJson("{\"warning\":" + new String(signed.content(), StandardCharsets.UTF_8) + ",\"jws\":\"" + signed.jws() + "\"}",
                    "warning").requireValid();
            keys.verifyXml(receipts.warning(warnings.getFirst().documentId(), Encoding.XML).content()).requireValid();
            var decisionWarnings = gateway.context().getBean(Clocks.class).of(HANDOFF).stream()
                    .filter(c -> c.clockId().equals("police-decision")).findFirst().orElseThrow().warnings();
            assertThat(decisionWarnings).filteredOn(w -> w.firedAt() != null).extracting(RunningClock.ClockWarning::level)
                    .containsExactly("HALF");

            // The police register the case: their clocks stop, the regulator's handover clock starts.
            var register = Messages.toModel(Messages.withoutAttachments(Messages.reply("decision-register", HANDOFF, "hohhot-psb-m-clocks-decision", "hohhot-psb-m-clocks-receipt")));
            assertThat(gateway.context().getBean(IntakePort.class).submit(POLICE, register, Encoding.JSON).firstTime()).isTrue();
            var afterDecision = gateway.context().getBean(Clocks.class).of(HANDOFF);
            assertThat(afterDecision).filteredOn(c -> c.clockId().equals("police-decision")).singleElement()
                    .satisfies(c -> assertThat(c.stoppedBy()).isEqualTo("REGISTERED"));
            RunningClock handover = afterDecision.stream().filter(c -> c.clockId().equals("items-handover")).findFirst().orElseThrow();
            assertThat(handover.responsible()).isEqualTo("hohhot-amr");

            // Far past every due time: nothing more for the police, the regulator is warned about the handover.
            clock.advance(Duration.between(clock.instant(), handover.dueAt().isAfter(due) ? handover.dueAt() : due).plusSeconds(5));
            await().atMost(Duration.ofSeconds(20)).until(() -> warningsFor(dispatches, "hohhot-amr").size() == 4);
            Thread.sleep(500);
            assertThat(warningsFor(dispatches, "hohhot-psb")).hasSize(9);
            assertThat(warningsFor(dispatches, "hohhot-amr")).hasSize(4);
        }
    }

    private static List<Dispatch> warningsFor(Dispatches dispatches, String agency) {
        return dispatches.available(agency, 100).stream().filter(d -> d.kind() == DispatchKind.DEADLINE_WARNING).toList();
    }

    private static JsonNode find(JsonNode clocks, String id) {
        for (JsonNode clock : clocks) {
            if (clock.get("clock").asString().equals(id)) {
                return clock;
            }
        }
        throw new AssertionError("no clock " + id + " in " + clocks);
    }

    private static JsonNode level(JsonNode clock, String level) {
        for (JsonNode warning : clock.get("warnings")) {
            if (warning.get("level").asString().equals(level)) {
                return warning;
            }
        }
        throw new AssertionError("no warning " + level + " in " + clock);
    }
}
