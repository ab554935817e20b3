package org.casebridge.gateway.clocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.casebridge.gateway.support.CaseScript.BEIJING;
import static org.casebridge.gateway.support.CaseScript.at;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.contracts.v1.DispatchKind;
import org.casebridge.gateway.lifecycle.HandoffState;
import org.casebridge.gateway.lifecycle.Lifecycle;
import org.casebridge.gateway.support.AdjustableClock;
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
 * A whole case under the Chinese profile, with the gateway's clock moved through 2026: transfer,
 * refusal, reconsideration upheld, the prosecutor's supervision (explanation, register order),
 * registration, items handed over, investigation, the dossier to the prosecutor (suspect in
 * custody, review extended), two returns for supplementary investigation and a third refused,
 * a late indictment, closure. Time is stepped to just before and just after every pending
 * warning, so each is seen to fire at its moment and not before; each is taken from the inbox of
 * the agency that must act, and the warnings fired over the whole case are exactly the expected
 * ones, each once.
 */
class WholeCaseScenarioTest {

    private static final String HANDOFF = "hohhot-amr-h-whole-case";
    private static final String AMR = "hohhot-amr";
    private static final String PSB = "hohhot-psb";
    private static final String PROCURATORATE = "hohhot-procuratorate";

    @TempDir
    Path work;

    private final AdjustableClock clock = new AdjustableClock();
    private final List<SeenWarning> seen = new ArrayList<>();
    private Map<String, InProcessAgency> agencies;
    private JdbcClient database;
    private final CaseScript script = new CaseScript(HANDOFF, clock);

    /** A warning as its agency took it from the inbox. */
    record SeenWarning(String inboxOf, String clock, String level, String responsible, Instant startedAt, Instant firedAt,
            Instant fireAt) {
        String line() {
            return inboxOf + " " + clock + "@" + startedAt.atOffset(BEIJING).toLocalDate() + " " + level;
        }
    }

    @Test
    void everyWarningOfAWholeCaseFiresOnceAtItsMomentToTheAgencyThatMustAct() throws Exception {
        setTime(at("2026-03-02T09:00"));
        try (RunningGateway gateway = RunningGateway.start(work.resolve("data"),
                TestAgencies.pull(work, AMR, PSB, PROCURATORATE), Map.of("casebridge.clocks.scan-interval", "50ms"), clock)) {
            agencies = Map.of(AMR, new InProcessAgency(gateway.context(), AMR), PSB, new InProcessAgency(gateway.context(), PSB),
                    PROCURATORATE, new InProcessAgency(gateway.context(), PROCURATORATE));
            database = gateway.context().getBean(JdbcClient.class);
            Lifecycle lifecycle = gateway.context().getBean(Lifecycle.class);
            Clocks clocks = gateway.context().getBean(Clocks.class);

            // Transfer, copied to the prosecutor (SC 6); the police collect it an hour later and sign a receipt.
            send(AMR, script.transfer(AMR + "-m-transfer", at("2026-03-02T09:00")));
            await().atMost(Duration.ofSeconds(20)).until(() -> takeAll(), taken -> taken.stream()
                    .anyMatch(t -> t.kind() == DispatchKind.MESSAGE && t.document().toString().contains("m-transfer")));
            runUntil(at("2026-03-02T11:00"));
            send(PSB, reply("receipt", PSB + "-m-receipt", PSB, AMR, at("2026-03-02T11:00")));
            assertThat(due(clocks, "police-decision")).isEqualTo(LocalDate.parse("2026-03-05"));

            // Refusal on day 2 (SC 8), after the 24-hour clocks ran out.
            runUntil(at("2026-03-04T10:00"));
            send(PSB, reply("decision-refuse", PSB + "-m-refusal", PSB, AMR, at("2026-03-04T10:00"), PROCURATORATE));
            // The regulator asks for reconsideration the next day (SC 9); the police uphold the refusal on the last day.
            runUntil(at("2026-03-05T15:00"));
            send(AMR, notice("RECONSIDERATION_REQUEST", AMR + "-m-recon", AMR, PSB, at("2026-03-05T15:00"), n -> { }));
            assertThat(due(clocks, "recon-decision")).as("Mar 8 is a Sunday: the last day rolls forward")
                    .isEqualTo(LocalDate.parse("2026-03-09"));
            runUntil(at("2026-03-09T16:00"));
            send(PSB, notice("RECONSIDERATION_DECISION", PSB + "-m-recon-decision", PSB, AMR, at("2026-03-09T16:00"),
                    n -> n.put("outcome", "UPHOLD_REFUSAL"), PROCURATORATE));
            assertThat(lifecycle.state(HANDOFF)).hasValue(HandoffState.REFUSED_FINAL);

            // Supervision (SC 9, CPL 113): explanation within 7 days, then an order to register within 15.
            runUntil(at("2026-03-10T10:00"));
            send(AMR, notice("SUPERVISION_REQUEST", AMR + "-m-supervision", AMR, PROCURATORATE, at("2026-03-10T10:00"), n -> { }, PSB));
            runUntil(at("2026-03-11T10:00"));
            send(PROCURATORATE, notice("EXPLANATION_REQUEST", PROCURATORATE + "-m-explain-please", PROCURATORATE, PSB, at("2026-03-11T10:00"), n -> { }, AMR));
            assertThat(due(clocks, "refusal-explanation")).isEqualTo(LocalDate.parse("2026-03-18"));
            runUntil(at("2026-03-17T10:00"));
            send(PSB, notice("EXPLANATION", PSB + "-m-explanation", PSB, PROCURATORATE, at("2026-03-17T10:00"), n -> { }));
            runUntil(at("2026-03-19T10:00"));
            send(PROCURATORATE, notice("REGISTER_ORDER", PROCURATORATE + "-m-register-order", PROCURATORATE, PSB, at("2026-03-19T10:00"), n -> { }, AMR));
            assertThat(due(clocks, "ordered-registration")).isEqualTo(LocalDate.parse("2026-04-03"));

            // Registration, the regulator hands over the seized items (SC 12), investigation.
            runUntil(at("2026-03-30T10:00"));
            send(PSB, reply("decision-register", PSB + "-m-registered", PSB, AMR, at("2026-03-30T10:00"), PROCURATORATE));
            runUntil(at("2026-04-01T10:00"));
            send(AMR, notice("ITEMS_HANDOVER", AMR + "-m-items", AMR, PSB, at("2026-04-01T10:00"),
                    n -> n.putArray("items").addObject().put("title", "涉案物品清单").put("documentKind", "SEIZED_ITEM_LIST").put("pages", 3)));
            runUntil(at("2026-04-02T10:00"));
            send(PSB, notice("CASE_STATUS", PSB + "-m-investigating", PSB, AMR, at("2026-04-02T10:00"), n -> n.put("outcome", "INVESTIGATING")));

            // The dossier to the prosecutor; accepted with the suspect in custody, review extended for a major case (CPL 172).
            runUntil(at("2026-06-01T10:00"));
            send(PSB, notice("PROSECUTION_TRANSFER", PSB + "-m-prosecution", PSB, PROCURATORATE, at("2026-06-01T10:00"), n -> { }, AMR));
            runUntil(at("2026-06-02T10:00"));
            send(PROCURATORATE, notice("PROSECUTION_ACCEPTANCE", PROCURATORATE + "-m-accepted", PROCURATORATE, PSB, at("2026-06-02T10:00"), n -> {
                n.put("inCustody", true);
                n.putArray("extensions").addObject().put("clock", "prosecution-review").put("extension", "major-complex")
                        .putObject("approvedBy").put("name", "孙检察长");
            }, AMR));
            assertThat(due(clocks, "prosecution-review")).as("one month plus 15 days").isEqualTo(LocalDate.parse("2026-07-17"));

            // Two returns for supplementary investigation (CPL 175); each resubmission restarts the review, without the extension.
            runUntil(at("2026-06-28T10:00"));
            send(PROCURATORATE, notice("SUPPLEMENTARY_INVESTIGATION", PROCURATORATE + "-m-return-1", PROCURATORATE, PSB, at("2026-06-28T10:00"),
                    n -> n.put("round", 1), AMR));
            assertThat(due(clocks, "supplementary-investigation")).isEqualTo(LocalDate.parse("2026-07-28"));
            runUntil(at("2026-07-20T10:00"));
            send(PSB, notice("RESUBMISSION", PSB + "-m-resubmitted-1", PSB, PROCURATORATE, at("2026-07-20T10:00"), n -> { }, AMR));
            assertThat(due(clocks, "prosecution-review")).isEqualTo(LocalDate.parse("2026-08-20"));
            assertThat(clocks.of(HANDOFF)).extracting(RunningClock::clockId).doesNotContain("fast-track-review");
            runUntil(at("2026-08-18T10:00"));
            send(PROCURATORATE, notice("SUPPLEMENTARY_INVESTIGATION", PROCURATORATE + "-m-return-2", PROCURATORATE, PSB, at("2026-08-18T10:00"),
                    n -> n.put("round", 2), AMR));
            runUntil(at("2026-09-05T10:00"));
            send(PSB, notice("RESUBMISSION", PSB + "-m-resubmitted-2", PSB, PROCURATORATE, at("2026-09-05T10:00"), n -> { }, AMR));
            RunningClock thirdReview = running(clocks, "prosecution-review");
            assertThat(thirdReview.dueDay()).as("Oct 5 is a holiday, but a suspect in custody stops the roll-forward (CPL 105)")
                    .isEqualTo(LocalDate.parse("2026-10-05"));
            assertThat(thirdReview.flags()).contains("NO_ROLL_FORWARD_IN_CUSTODY");

            // A third return is refused, and changes nothing.
            runUntil(at("2026-09-20T10:00"));
            int clocksBefore = clocks.of(HANDOFF).size();
            assertThatThrownBy(() -> send(PROCURATORATE, notice("SUPPLEMENTARY_INVESTIGATION", PROCURATORATE + "-m-return-3", PROCURATORATE, PSB,
                    at("2026-09-20T10:00"), n -> n.put("round", 2), AMR)))
                    .isInstanceOfSatisfying(GatewayRejection.class, r -> {
                        assertThat(r.reason()).isEqualTo(GatewayRejection.Reason.ILLEGAL_TRANSITION);
                        assertThat(r.getMessage()).contains("2 times already", "CPL 175");
                    });
            assertThat(lifecycle.state(HANDOFF)).hasValue(HandoffState.PROSECUTION_REVIEW);
            assertThat(clocks.of(HANDOFF)).hasSize(clocksBefore);

            // Indicted four days late, then closed; nothing fires after that.
            runUntil(at("2026-10-09T10:00"));
            send(PROCURATORATE, notice("PROSECUTION_DECISION", PROCURATORATE + "-m-indicted", PROCURATORATE, PSB, at("2026-10-09T10:00"),
                    n -> n.put("outcome", "INDICT"), AMR));
            runUntil(at("2026-10-09T11:00"));
            send(PROCURATORATE, notice("CLOSURE", PROCURATORATE + "-m-closed", PROCURATORATE, PSB, at("2026-10-09T11:00"), n -> { }, AMR));
            assertThat(lifecycle.state(HANDOFF)).hasValue(HandoffState.CLOSED);
            assertThat(lifecycle.replay(HANDOFF)).hasValue(HandoffState.CLOSED);
            runUntil(at("2026-12-31T10:00"));
            Thread.sleep(300);
            assertThat(takeWarnings()).isEmpty();

            assertThat(clocks.of(HANDOFF)).allSatisfy(c -> assertThat(c.stoppedAt()).as(c.clockKey()).isNotNull());
            assertThat(clocks.of(HANDOFF)).filteredOn(c -> c.clockId().equals("prosecution-review")).extracting(RunningClock::stoppedInTime)
                    .containsExactly(true, true, false);

            assertThat(seen).allSatisfy(w -> assertThat(w.inboxOf()).isEqualTo(w.responsible()));
            assertThat(seen).extracting(SeenWarning::line).doesNotHaveDuplicates().containsExactlyInAnyOrder(
                    PSB + " forwarding@2026-03-02 HALF", PSB + " forwarding@2026-03-02 WARNING",
                    PSB + " forwarding@2026-03-02 DUE", PSB + " forwarding@2026-03-02 OVERDUE",
                    PSB + " deficiency-notice@2026-03-02 HALF", PSB + " deficiency-notice@2026-03-02 WARNING",
                    PSB + " deficiency-notice@2026-03-02 DUE", PSB + " deficiency-notice@2026-03-02 OVERDUE",
                    PSB + " police-decision@2026-03-02 HALF",
                    PSB + " recon-decision@2026-03-05 HALF", PSB + " recon-decision@2026-03-05 WARNING",
                    PSB + " recon-decision@2026-03-05 DUE",
                    PSB + " refusal-explanation@2026-03-11 HALF",
                    PSB + " ordered-registration@2026-03-19 HALF",
                    AMR + " items-handover@2026-03-30 HALF",
                    PROCURATORATE + " prosecution-review@2026-06-02 HALF",
                    PSB + " supplementary-investigation@2026-06-28 HALF",
                    PROCURATORATE + " prosecution-review@2026-07-20 HALF", PROCURATORATE + " prosecution-review@2026-07-20 WARNING",
                    PSB + " supplementary-investigation@2026-08-18 HALF",
                    PROCURATORATE + " prosecution-review@2026-09-05 HALF", PROCURATORATE + " prosecution-review@2026-09-05 WARNING",
                    PROCURATORATE + " prosecution-review@2026-09-05 DUE", PROCURATORATE + " prosecution-review@2026-09-05 OVERDUE");
        }
    }

    /**
     * Moves the gateway's time to the target, stopping at every warning due on the way: two seconds
     * before it, nothing may fire; just after it, it must, and with the time it was due.
     */
    private void runUntil(Instant target) throws InterruptedException {
        while (true) {
            Timestamp next = database.sql("""
                            SELECT min(w.fire_at) FROM clock_warning w JOIN handoff_clock c ON c.clock_key = w.clock_key
                            WHERE c.handoff_id = ? AND w.fired_at IS NULL AND c.stopped_at IS NULL AND c.paused_since IS NULL""")
                    .param(HANDOFF).query(Timestamp.class).optional().orElse(null);
            if (next == null || next.toInstant().isAfter(target)) {
                break;
            }
            Instant fireAt = next.toInstant();
            int pending = database.sql("SELECT count(*) FROM clock_warning WHERE fire_at = ? AND fired_at IS NULL")
                    .param(next).query(Integer.class).single();
            setTime(fireAt.minusSeconds(2));
            Thread.sleep(200);
            assertThat(takeWarnings()).as("nothing fires before " + fireAt).isEmpty();
            setTime(fireAt);
            List<SeenWarning> fired = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                fired.addAll(takeWarnings());
                return fired.size() >= pending;
            });
            assertThat(fired).hasSize(pending).allSatisfy(w -> {
                assertThat(w.fireAt()).isEqualTo(fireAt);
                assertThat(w.firedAt()).isBetween(fireAt, fireAt.plusSeconds(10));
            });
            seen.addAll(fired);
        }
        setTime(target);
    }

    private List<SeenWarning> takeWarnings() {
        List<SeenWarning> warnings = new ArrayList<>();
        for (InProcessAgency.Taken taken : takeAll()) {
            if (taken.kind() == DispatchKind.DEADLINE_WARNING) {
                JsonNode w = taken.document();
                warnings.add(new SeenWarning(w.get("inbox").asString(), w.get("clock").asString(), w.get("level").asString(),
                        w.get("responsible").asString(), OffsetDateTime.parse(w.get("startedAt").asString()).toInstant(),
                        OffsetDateTime.parse(w.get("firedAt").asString()).toInstant(),
                        database.sql("SELECT fire_at FROM clock_warning WHERE warning_id = ?").param(w.get("warningId").asString())
                                .query(Timestamp.class).single().toInstant()));
            }
        }
        return warnings;
    }

    /** Drains every agency's inbox; a warning document is marked with the inbox it came from. */
    private List<InProcessAgency.Taken> takeAll() {
        List<InProcessAgency.Taken> all = new ArrayList<>();
        agencies.forEach((id, agency) -> agency.drain().forEach(taken -> {
            if (taken.kind() == DispatchKind.DEADLINE_WARNING) {
                ((ObjectNode) taken.document()).put("inbox", id);
            }
            all.add(taken);
        }));
        return all;
    }

    private void send(String from, ObjectNode message) {
        script.send(agencies.get(from), message);
    }

    private ObjectNode reply(String example, String messageId, String from, String to, Instant at, String... copies) {
        return script.reply(example, messageId, from, to, at, copies);
    }

    private ObjectNode notice(String type, String messageId, String from, String to, Instant at, Consumer<ObjectNode> fill,
            String... copies) {
        return script.notice(type, messageId, from, to, at, fill, copies);
    }

    private void setTime(Instant instant) {
        script.setTime(instant);
    }

    private LocalDate due(Clocks clocks, String clockId) {
        return running(clocks, clockId).dueDay();
    }

    private static RunningClock running(Clocks clocks, String clockId) {
        return clocks.of(HANDOFF).stream().filter(c -> c.clockId().equals(clockId) && c.stoppedAt() == null).findFirst()
                .orElseThrow(() -> new AssertionError("no running clock " + clockId));
    }
}
