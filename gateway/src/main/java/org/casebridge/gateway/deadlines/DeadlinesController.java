package org.casebridge.gateway.deadlines;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The rule sets, and "if this clock starts at this instant, when is it due and when does each
 * warning fire?" with the rule and legal source applied. For planning and checking; no case data.
 */
@RestController
class DeadlinesController {

    private final RuleSets rules;
    private final DeadlineCalculator calculator;

    DeadlinesController(RuleSets rules, DeadlineCalculator calculator) {
        this.rules = rules;
        this.calculator = calculator;
    }

    @GetMapping(path = "/api/v1/deadlines/profiles", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<ProfileView>> profiles() {
        return Map.of("profiles", rules.all().stream()
                .sorted(Comparator.comparing(RuleSet::profile))
                .map(ProfileView::of)
                .toList());
    }

    @GetMapping(path = "/api/v1/deadlines/calculate", produces = MediaType.APPLICATION_JSON_VALUE)
    Calculation calculate(@RequestParam String profile, @RequestParam String clock, @RequestParam String start,
            @RequestParam(defaultValue = "false") boolean custody,
            @RequestParam(name = "extension", required = false) List<String> extensions) {
        ClockRule rule = rules.find(profile).flatMap(set -> set.find(clock)).orElseThrow(() ->
                new GatewayRejection(Reason.NOT_FOUND, "profile " + profile + " has no clock " + clock));
        Instant startAt;
        try {
            startAt = OffsetDateTime.parse(start).toInstant();
        } catch (DateTimeParseException e) {
            // An unencoded + arrives as a space (form encoding): the example must show the encoded form.
            throw new GatewayRejection(Reason.CONTRACT_VIOLATION, start.contains(" ")
                    ? "start must be a date and time with its offset, and a + in a query must be sent as %2B"
                            + " (a bare + arrives as a space), e.g. start=2026-09-30T10:00:00%2B08:00"
                    : "start must be a date and time with its offset, e.g. start=2026-09-30T10:00:00%2B08:00 (+08:00, encoded)",
                    "start");
        }
        List<AppliedExtension> applied = extensions == null ? List.of() : extensions.stream().map(AppliedExtension::of).toList();
        try {
            return Calculation.of(rule, custody, calculator.compute(rule, startAt, custody, List.of(), applied));
        } catch (ExtensionRefused refused) {
            throw new GatewayRejection(Reason.CONTRACT_VIOLATION, refused.getMessage(), "extension");
        }
    }

    record ProfileView(String profile, String version, String zone, String calendar, List<ClockView> clocks) {
        static ProfileView of(RuleSet set) {
            Jurisdiction jurisdiction = set.jurisdiction();
            return new ProfileView(set.profile(), set.version(), jurisdiction.zone().getId(), jurisdiction.calendar(),
                    set.all().stream().sorted(Comparator.comparing(ClockRule::id)).map(ClockView::of).toList());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ClockView(String id, LocalizedName name, LegalBasis legalBasis, String startEvent, String startsAt, List<String> restartEvents,
            List<String> stopEvents,
            long amount, String unit, boolean startDayCounts, boolean rollForward, boolean custodyException,
            String responsible, List<ExtensionView> extensions, Integer maxRounds, boolean statutory, boolean unverified) {
        static ClockView of(ClockRule rule) {
            return new ClockView(rule.id(), rule.name(), rule.legalBasis(), rule.startEvent(), rule.startsAt().name(),
                    rule.restartEvents(), rule.stopEvents(),
                    rule.duration().amount(), rule.duration().unit().name(), rule.startDayCounts(), rule.rollForward(),
                    rule.custodyException(), rule.responsible().name(),
                    rule.extensions().stream().map(ExtensionView::of).toList(),
                    rule.maxRounds().isPresent() ? rule.maxRounds().getAsInt() : null, rule.statutory(), rule.unverified());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ExtensionView(String id, long amount, String unit, String mode, String approvedBy, int maxTimes) {
        static ExtensionView of(ExtensionRule rule) {
            return new ExtensionView(rule.id(), rule.period().amount(), rule.period().unit().name(), rule.mode().name(),
                    rule.approvedBy().orElse(null), rule.maxTimes());
        }
    }

    record Calculation(String profile, String version, String clock, LocalizedName name, LegalBasis legalBasis,
            Instant start, boolean inCustody, Instant due, String dueLocal, String dueDay, List<Warning> warnings,
            List<String> explanation, List<String> flags, boolean rolledForward) {
        static Calculation of(ClockRule rule, boolean custody, Deadline deadline) {
            return new Calculation(deadline.profile(), rule.jurisdiction().version(), rule.id(), rule.name(),
                    rule.legalBasis(), deadline.start(), custody, deadline.dueAt(), deadline.dueLocal().toOffsetDateTime().toString(),
                    deadline.dueDay().toString(), deadline.warnings(), deadline.explanation(),
                    deadline.flags().stream().map(Enum::name).sorted().toList(), deadline.rolledForward());
        }
    }
}
