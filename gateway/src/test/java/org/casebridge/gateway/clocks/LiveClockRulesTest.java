package org.casebridge.gateway.clocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.casebridge.gateway.support.CaseScript.at;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Consumer;
import org.casebridge.contracts.v1.DispatchKind;
import org.casebridge.gateway.support.AdjustableClock;
import org.casebridge.gateway.support.AgencyRest;
import org.casebridge.gateway.support.CaseScript;
import org.casebridge.gateway.support.InProcessAgency;
import org.casebridge.gateway.support.RunningGateway;
import org.casebridge.gateway.support.TestAgencies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The clock rules that a running handoff applies beyond start and stop: a notice that must be
 * served within a limit of the decision it reports (counted from the decision, stopped when the
 * addressee takes it, not when a copy is taken), and a pause an operator adds to the rule set
 * without a release (the clock shows PAUSED, warns about nothing while paused, and is due later
 * by the paused time once it resumes).
 */
class LiveClockRulesTest {

    private static final String AMR = "hohhot-amr";
    private static final String PSB = "hohhot-psb";
    private static final String PROCURATORATE = "hohhot-procuratorate";

    @TempDir
    Path work;

    private final AdjustableClock clock = new AdjustableClock();
    private String handoff;
    private CaseScript script;

    @Test
    void aRevocationNoticeRunsFromTheDecisionAndStopsWhenTheAgencyTakesIt() throws Exception {
        handoff = "hohhot-amr-h-revoked";
        script = new CaseScript(handoff, clock);
        setTime(at("2026-04-13T09:00"));
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), TestAgencies.pull(work, AMR, PSB, PROCURATORATE),
                Map.of("casebridge.clocks.scan-interval", "50ms"), clock)) {
            InProcessAgency amr = new InProcessAgency(gateway.context(), AMR);
            InProcessAgency police = new InProcessAgency(gateway.context(), PSB);
            InProcessAgency procuratorate = new InProcessAgency(gateway.context(), PROCURATORATE);
            Clocks clocks = gateway.context().getBean(Clocks.class);
            registeredCase(amr, police, procuratorate);

            // Revoked on Monday, the agency told on Thursday: the three days ran from the decision (PC 184, 189).
            setTime(at("2026-04-16T10:00"));
            send(police, notice("CASE_STATUS", PSB + "-m-revoked", PSB, AMR, at("2026-04-16T10:00"), n -> {
                n.put("outcome", "REVOKED");
                n.put("decidedAt", "2026-04-13T16:00:00+08:00");
            }, PROCURATORATE));
            RunningClock notice = running(clocks, "revocation-notice");
            assertThat(notice.startedAt()).isEqualTo(at("2026-04-13T16:00"));
            assertThat(notice.dueDay()).isEqualTo(LocalDate.parse("2026-04-16"));
            assertThat(notice.responsible()).isEqualTo(PSB);
            assertThat(running(clocks, "reverse-transfer").startedAt()).as("the reverse transfer counts from the message")
                    .isBetween(at("2026-04-16T10:00"), at("2026-04-16T10:01"));

            // Its half-time and 80 % warnings are past already: the police are warned at once.
            await().atMost(Duration.ofSeconds(10)).until(() -> police.drain().stream()
                    .filter(t -> t.kind() == DispatchKind.DEADLINE_WARNING).count() >= 3);

            // The prosecutor's copy is taken first: that does not serve the notice on the agency.
            await().atMost(Duration.ofSeconds(10)).until(() -> procuratorate.drain().stream()
                    .anyMatch(t -> t.kind() == DispatchKind.MESSAGE && t.document().toString().contains("m-revoked")));
            assertThat(running(clocks, "revocation-notice").stoppedAt()).isNull();
            setTime(at("2026-04-16T15:00"));
            await().atMost(Duration.ofSeconds(10)).until(() -> amr.drain().stream()
                    .anyMatch(t -> t.kind() == DispatchKind.MESSAGE && t.document().toString().contains("m-revoked")));
            RunningClock served = clocks.of(handoff).stream().filter(c -> c.clockId().equals("revocation-notice")).findFirst().orElseThrow();
            assertThat(served.stoppedBy()).isEqualTo("DELIVERED");
            assertThat(served.stoppedAt()).isBetween(at("2026-04-16T15:00"), at("2026-04-16T15:01"));
            assertThat(served.stoppedInTime()).isTrue();

            // The case goes back to the agency; its own penalty clock (APL 60) outlives the handoff's closure.
            setTime(at("2026-04-17T10:00"));
            send(police, notice("REVERSE_TRANSFER", PSB + "-m-reverse", PSB, AMR, at("2026-04-17T10:00"), n -> { }, PROCURATORATE));
            setTime(at("2026-04-17T11:00"));
            send(police, notice("CLOSURE", PSB + "-m-closed", PSB, AMR, at("2026-04-17T11:00"), n -> { }));
            assertThat(clocks.of(handoff)).filteredOn(c -> c.stoppedAt() == null).extracting(RunningClock::clockId)
                    .containsExactly("administrative-penalty");
            assertThat(running(clocks, "administrative-penalty").responsible()).isEqualTo(AMR);
        }
    }

    @Test
    void anOperatorsPauseRuleHoldsTheClockWhileTheAgencySupplements() throws Exception {
        handoff = "hohhot-amr-h-paused";
        script = new CaseScript(handoff, clock);
        Path profiles = Files.createDirectories(work.resolve("profiles"));
        try (InputStream shipped = getClass().getClassLoader().getResourceAsStream("deadlines/profiles/cn.yml")) {
            String cn = new String(shipped.readAllBytes(), StandardCharsets.UTF_8);
            String decisionClock = "    startEvent: RECEIVED\n    stopEvents: [REGISTERED, REFUSED, FORWARDED]\n";
            assertThat(cn).contains(decisionClock);
            Files.writeString(profiles.resolve("cn.yml"), cn.replace(decisionClock,
                    decisionClock + "    pausedBy:\n      - {pause: DEFICIENT, resume: SUPPLEMENTED}\n"));
        }
        setTime(at("2026-03-02T09:00"));
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"), TestAgencies.pull(work, AMR, PSB, PROCURATORATE),
                Map.of("casebridge.clocks.scan-interval", "50ms", "casebridge.deadlines.profile-dir", profiles.toString()), clock)) {
            InProcessAgency amr = new InProcessAgency(gateway.context(), AMR);
            InProcessAgency police = new InProcessAgency(gateway.context(), PSB);
            Clocks clocks = gateway.context().getBean(Clocks.class);
            JdbcClient database = gateway.context().getBean(JdbcClient.class);
            transferAndReceipt(amr, police, at("2026-03-02T11:00"));
            assertThat(running(clocks, "police-decision").dueDay()).isEqualTo(LocalDate.parse("2026-03-05"));

            setTime(at("2026-03-03T11:00"));
            send(police, reply("deficiency-notice", PSB + "-m-deficient", PSB, AMR, at("2026-03-03T11:00")));
            JsonNode paused = clockView(gateway, "police-decision");
            assertThat(paused.get("state").asString()).isEqualTo("PAUSED");
            assertThat(Instant.parse(paused.get("pausedSince").asString())).isBetween(at("2026-03-03T11:00"), at("2026-03-03T11:01"));

            // Past the unpaused half-time, 80 % and due day: the paused clock warns about nothing.
            setTime(at("2026-03-06T10:00"));
            Thread.sleep(400);
            assertThat(firedWarnings(database, "police-decision")).isZero();

            setTime(at("2026-03-06T11:00"));
            send(amr, reply("supplement", AMR + "-m-supplement", AMR, PSB, at("2026-03-06T11:00")));
            RunningClock resumed = running(clocks, "police-decision");
            assertThat(resumed.pausedSince()).isNull();
            assertThat(resumed.flags()).contains("PAUSED");
            assertThat(resumed.dueDay()).as("3 days later: end of Sunday Mar 8, rolled to Monday").isEqualTo(LocalDate.parse("2026-03-09"));
            // Half of the 109 hours it runs: 24 before the pause, 30.5 after it (the clock's start is the receipt, to the millisecond).
            Instant half = resumed.warnings().stream().filter(w -> w.level().equals("HALF")).findFirst().orElseThrow().fireAt();
            // The test clock ticks on from each setTime, so the pause and the resumption each land a few
            // milliseconds after theirs: the half-time may come that much before or after 17:30.
            assertThat(half).isBetween(at("2026-03-07T17:30").minusSeconds(2), at("2026-03-07T17:30").plusSeconds(2));
            assertThat(clockView(gateway, "police-decision").get("state").asString()).isEqualTo("RUNNING");

            setTime(at("2026-03-07T17:31"));
            await().atMost(Duration.ofSeconds(10)).until(() -> firedWarnings(database, "police-decision") == 1);
        }
    }

    private static int firedWarnings(JdbcClient database, String clockId) {
        return database.sql("""
                        SELECT count(*) FROM clock_warning w JOIN handoff_clock c ON c.clock_key = w.clock_key
                        WHERE c.clock_id = ? AND w.fired_at IS NOT NULL""")
                .param(clockId).query(Integer.class).single();
    }

    private JsonNode clockView(RunningGateway gateway, String clockId) {
        AgencyRest police = new AgencyRest(PSB, gateway.baseUrl());
        for (JsonNode view : police.get("/api/v1/handoffs/" + handoff + "/clocks").json().get("clocks")) {
            if (view.get("clock").asString().equals(clockId) && (view.path("stoppedAt").isMissingNode() || view.path("stoppedAt").isNull())) {
                return view;
            }
        }
        throw new AssertionError("no running clock " + clockId);
    }

    private void registeredCase(InProcessAgency amr, InProcessAgency police, InProcessAgency procuratorate) {
        transferAndReceipt(amr, police, at("2026-04-13T10:00"));
        setTime(at("2026-04-13T11:00"));
        send(police, reply("decision-register", PSB + "-m-registered", PSB, AMR, at("2026-04-13T11:00"), PROCURATORATE));
        setTime(at("2026-04-13T12:00"));
        send(amr, notice("ITEMS_HANDOVER", AMR + "-m-items", AMR, PSB, at("2026-04-13T12:00"), n -> { }));
        amr.drain();
        procuratorate.drain();
    }

    private void transferAndReceipt(InProcessAgency amr, InProcessAgency police, Instant receiptAt) {
        send(amr, script.transfer(AMR + "-m-transfer-" + handoff, clock.instant()));
        await().atMost(Duration.ofSeconds(20)).until(() -> police.drain().stream().anyMatch(t -> t.kind() == DispatchKind.MESSAGE));
        setTime(receiptAt);
        send(police, reply("receipt", PSB + "-m-receipt-" + handoff, PSB, AMR, receiptAt));
    }

    private void send(InProcessAgency from, ObjectNode message) {
        script.send(from, message);
    }

    private ObjectNode reply(String example, String messageId, String from, String to, Instant at, String... copies) {
        return script.reply(example, messageId, from, to, at, copies);
    }

    private ObjectNode notice(String type, String messageId, String from, String to, Instant at, Consumer<ObjectNode> fill,
            String... copies) {
        return script.notice(type, messageId, from, to, at, fill, copies);
    }

    private RunningClock running(Clocks clocks, String clockId) {
        return clocks.of(handoff).stream().filter(c -> c.clockId().equals(clockId) && c.stoppedAt() == null).findFirst()
                .orElseThrow(() -> new AssertionError("no running clock " + clockId + " in " + clocks.of(handoff)));
    }

    private void setTime(Instant instant) {
        script.setTime(instant);
    }
}
