package org.casebridge.gateway.clocks;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.casebridge.gateway.agencies.AgencyDirectory;
import org.casebridge.gateway.agencies.AgencyKind;
import org.casebridge.gateway.archive.ArchivedMessage;
import org.casebridge.gateway.archive.MessageArchive;
import org.casebridge.gateway.deadlines.ClockRule;
import org.casebridge.gateway.deadlines.Deadline;
import org.casebridge.gateway.deadlines.DeadlineCalculator;
import org.casebridge.gateway.deadlines.Responsible;
import org.casebridge.gateway.deadlines.RuleSet;
import org.casebridge.gateway.deadlines.RuleSets;
import org.casebridge.gateway.lifecycle.HandoffTransitioned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Starts and stops a handoff's clocks as its lifecycle moves, in the transaction of the move:
 * an event first stops the clocks it ends, then starts those it begins (a restart replaces the
 * running clock of the same rule).
 */
@Component
class ClockKeeper {

    private static final Logger log = LoggerFactory.getLogger(ClockKeeper.class);

    private final RuleSets rules;
    private final DeadlineCalculator calculator;
    private final MessageArchive archive;
    private final AgencyDirectory agencies;
    private final JdbcClient jdbc;

    ClockKeeper(RuleSets rules, DeadlineCalculator calculator, MessageArchive archive, AgencyDirectory agencies, JdbcClient jdbc) {
        this.rules = rules;
        this.calculator = calculator;
        this.archive = archive;
        this.agencies = agencies;
        this.jdbc = jdbc;
    }

    @EventListener
    void on(HandoffTransitioned transition) {
        Optional<RuleSet> profile = rules.find(transition.profile());
        if (profile.isEmpty()) {
            log.warn("Handoff {} follows profile {}, which has no rule set: no clocks run", transition.handoffId(), transition.profile());
            return;
        }
        String event = transition.event().name();
        for (ClockRule rule : profile.get().stoppedBy(event)) {
            stop(transition, rule.id());
        }
        for (ClockRule rule : profile.get().startedBy(event)) {
            stop(transition, rule.id());
            start(transition, rule);
        }
    }

    private void start(HandoffTransitioned transition, ClockRule rule) {
        Optional<String> responsible = responsible(rule.responsible(), transition);
        if (responsible.isEmpty()) {
            log.info("Clock {} of handoff {} not started: no party is {}", rule.id(), transition.handoffId(), rule.responsible());
            return;
        }
        Deadline deadline = calculator.compute(rule, transition.at());
        int runs = jdbc.sql("SELECT count(*) FROM handoff_clock WHERE handoff_id = ? AND clock_id = ?")
                .params(transition.handoffId(), rule.id()).query(Integer.class).single();
        String key = transition.handoffId() + "/" + rule.id() + "/" + (runs + 1);
        jdbc.sql("""
                        INSERT INTO handoff_clock (clock_key, handoff_id, profile, clock_id, started_by, started_at, in_custody,
                            responsible_agency, due_at, due_day, flags, explanation)
                        VALUES (?, ?, ?, ?, ?, ?, false, ?, ?, ?, ?, ?)""")
                .params(key, transition.handoffId(), transition.profile(), rule.id(), transition.messageId(),
                        Timestamp.from(transition.at()), responsible.get(), Timestamp.from(deadline.dueAt()), deadline.dueDay(),
                        String.join(",", deadline.flags().stream().map(Enum::name).sorted().toList()),
                        String.join("\n", deadline.explanation()))
                .update();
        deadline.warnings().forEach(warning -> jdbc.sql("INSERT INTO clock_warning (clock_key, level, fire_at) VALUES (?, ?, ?)")
                .params(key, warning.level(), Timestamp.from(warning.at())).update());
    }

    private void stop(HandoffTransitioned transition, String clockId) {
        List<String> stopped = jdbc.sql("""
                        UPDATE handoff_clock SET stopped_at = ?, stopped_by = ?
                        WHERE handoff_id = ? AND clock_id = ? AND stopped_at IS NULL RETURNING clock_key""")
                .params(Timestamp.from(transition.at()), transition.event().name(), transition.handoffId(), clockId)
                .query(String.class).list();
        for (String key : stopped) {
            jdbc.sql("DELETE FROM clock_warning WHERE clock_key = ? AND fired_at IS NULL").param(key).update();
        }
    }

    /** Who must act: a party of the message that started the clock, or the handoff's party of the named kind. */
    private Optional<String> responsible(Responsible responsible, HandoffTransitioned transition) {
        Optional<ArchivedMessage> cause = Optional.ofNullable(transition.messageId()).flatMap(archive::find);
        return switch (responsible) {
            case SENDER -> cause.map(ArchivedMessage::sender);
            case RECIPIENT -> cause.map(ArchivedMessage::recipient);
            case ADMINISTRATIVE_AGENCY -> ofKind(AgencyKind.ADMINISTRATIVE_AGENCY, cause, transition.handoffId());
            case POLICE -> ofKind(AgencyKind.POLICE, cause, transition.handoffId());
            case PROSECUTOR -> ofKind(AgencyKind.PROSECUTOR, cause, transition.handoffId());
        };
    }

    private Optional<String> ofKind(AgencyKind kind, Optional<ArchivedMessage> cause, String handoffId) {
        List<String> candidates = new ArrayList<>();
        cause.ifPresent(m -> candidates.addAll(Stream.concat(Stream.of(m.sender(), m.recipient()), m.copies().stream()).toList()));
        archive.handoff(handoffId).ifPresent(h -> candidates.addAll(h.parties().stream().sorted().toList()));
        return candidates.stream()
                .filter(id -> agencies.find(id).map(a -> a.kind() == kind).orElse(false))
                .findFirst();
    }
}
