package org.casebridge.gateway.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.CALENDARS;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.RULES;
import static org.casebridge.gateway.deadlines.DeadlineFixtures.cn;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.casebridge.gateway.lifecycle.LifecycleEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped rule-set files are complete and speak the lifecycle's language. */
class RuleSetFilesTest {

    /**
     * The events clocks may start and stop on: the handoff lifecycle's, and those of procedures the
     * gateway does not carry yet (inside the agency before the transfer, the public's reports and
     * complaints, public-order cases, the police's challenge of a non-prosecution).
     */
    private static final Set<String> LIFECYCLE = Stream.concat(
            Stream.of(LifecycleEvent.values()).map(Enum::name),
            Stream.of("TRANSFER_APPROVED", "CASE_REPORTED", "PUBLIC_ORDER_CASE_ACCEPTED", "PUBLIC_REPORT_RECEIVED",
                    "PUBLIC_REPORT_RECEIPTED", "COMPLAINT_REFUSED", "COMPLAINT_RECON_REQUESTED", "COMPLAINT_RECON_DECIDED",
                    "NON_PROSECUTION_RECON_REQUESTED", "NON_PROSECUTION_RECON_DECIDED", "NON_PROSECUTION_REVIEW_REQUESTED"))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Pause events the lifecycle does not have yet: appraisal (PA 165). */
    private static final Set<String> PAUSE_EVENTS = Set.of("APPRAISAL_STARTED", "APPRAISAL_DONE");

    static Stream<Arguments> clocks() {
        return RULES.all().stream().flatMap(set -> set.all().stream()).map(c -> Arguments.of(c.citation(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clocks")
    void everyClockHasALegalBasisWithASource(String citation, ClockRule clock) {
        assertThat(clock.legalBasis().instrument()).isNotBlank();
        assertThat(clock.legalBasis().article()).isNotBlank();
        assertThat(clock.legalBasis().source()).isNotBlank();
        assertThat(clock.name().zh()).isNotBlank();
        assertThat(clock.name().en()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clocks")
    void everyStartAndStopEventIsALifecycleEvent(String citation, ClockRule clock) {
        assertThat(clock.startEvent()).isIn(LIFECYCLE);
        assertThat(clock.restartEvents()).isSubsetOf(LIFECYCLE);
        assertThat(clock.stopEvents()).isSubsetOf(LIFECYCLE);
        clock.pausedBy().forEach(p -> assertThat(Set.of(p.pause(), p.resume())).isSubsetOf(PAUSE_EVENTS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clocks")
    void everyClockWarnsAtHalfEightyPercentTheDueDayAndTheDeadline(String citation, ClockRule clock) {
        assertThat(clock.warnings()).containsExactly(
                new WarningRule("HALF", WarningAnchor.FRACTION, 0.5),
                new WarningRule("WARNING", WarningAnchor.FRACTION, 0.8),
                new WarningRule("DUE", WarningAnchor.DUE_DAY, 0),
                new WarningRule("OVERDUE", WarningAnchor.DEADLINE, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clocks")
    void hourClocksNeverRollForwardAndDayClocksDo(String citation, ClockRule clock) {
        assertThat(clock.rollForward()).isEqualTo(!clock.duration().inHours());
        assertThat(clock.startDayCounts()).as("criminal and EU periods never count the start day").isFalse();
    }

    @Test
    void everyProfileNamesACalendarThatCovers2026() {
        assertThat(RULES.all()).isNotEmpty().allSatisfy(set ->
                assertThat(CALENDARS.calendar(set.jurisdiction().calendar()).covers(2026)).as(set.profile()).isTrue());
        assertThat(RULES.missingCalendars(CALENDARS)).isEmpty();
    }

    @Test
    void theShippedProfiles() {
        assertThat(RULES.all()).extracting(RuleSet::profile).containsExactlyInAnyOrder("cn", "eu-eio");
        assertThat(RULES.profile("cn").jurisdiction()).isEqualTo(new Jurisdiction("cn", "2026.1",
                DeadlineFixtures.SHANGHAI, "cn", "CPL 105"));
        assertThat(RULES.profile("eu-eio").jurisdiction()).isEqualTo(new Jurisdiction("eu-eio", "2026.1",
                DeadlineFixtures.BRUSSELS, "eu", "Reg. 1182/71 Art. 3"));
    }

    /** One clock per time limit of DOMAIN.md's table and lifecycle (rows 1-20). */
    @Test
    void theChineseProfileHasEveryStatutoryClock() {
        assertThat(RULES.profile("cn").clocks().keySet()).containsExactly(
                "transfer-approval", "transfer-dispatch",                                   // 1, 2
                "police-receipt", "forwarding",                                             // 3
                "deficiency-notice", "supplement",                                          // 4
                "police-decision",                                                          // 5, 5a
                "recon-request", "recon-decision",                                          // 7
                "supervision-request",                                                      // 8
                "refusal-explanation", "ordered-registration",                              // 9
                "items-handover",                                                           // 10
                "revocation-notice", "move-notice",                                         // 11
                "reverse-transfer", "reverse-transfer-after-non-prosecution",               // 12
                "prosecution-review", "fast-track-review",                                  // 14
                "supplementary-investigation",                                              // 15
                "non-prosecution-recon-request", "non-prosecution-review-request",          // 16
                "administrative-penalty",                                                   // 18
                "public-order-case",                                                        // 19
                "reporter-receipt", "complainant-refusal-notice",                           // 20
                "complainant-recon-request", "complainant-recon-decision");
    }

    @Test
    void unverifiedItemsAreMarkedInTheData() {
        assertThat(cn("police-decision").extensions()).allSatisfy(e -> {
            assertThat(e.unverified()).isTrue();
            assertThat(e.mode()).isEqualTo(ExtensionMode.TOTAL);
        });
        assertThat(cn("police-decision").extension("leads-to-verify")).map(ExtensionRule::period)
                .hasValue(new ClockPeriod(7, PeriodUnit.CALENDAR_DAYS));
        assertThat(cn("police-decision").extension("complex-case")).map(ExtensionRule::period)
                .hasValue(new ClockPeriod(30, PeriodUnit.CALENDAR_DAYS));
        assertThat(cn("police-receipt").statutory()).isFalse();
    }

    @Test
    void theLifecycleCanAskWhichClocksAnEventStartsAndStops() {
        RuleSet set = RULES.profile("cn");

        assertThat(set.startedBy("RECEIVED")).extracting(ClockRule::id)
                .containsExactly("forwarding", "deficiency-notice", "police-decision");
        assertThat(set.startedBy("RESUBMITTED")).extracting(ClockRule::id)
                .containsExactly("prosecution-review", "fast-track-review");
        assertThat(set.stoppedBy("REGISTERED")).extracting(ClockRule::id)
                .contains("police-decision", "ordered-registration", "refusal-explanation");
        assertThat(set.events()).isSubsetOf(union());
        assertThat(set.all()).filteredOn(c -> c.startsAt() == ClockStart.DECISION).extracting(ClockRule::id)
                .containsExactlyInAnyOrder("revocation-notice", "move-notice", "complainant-refusal-notice");
    }

    private static Set<String> union() {
        Set<String> all = new HashSet<>(LIFECYCLE);
        all.addAll(PAUSE_EVENTS);
        return all;
    }
}
