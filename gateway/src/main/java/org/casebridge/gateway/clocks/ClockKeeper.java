package org.casebridge.gateway.clocks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.contracts.v1.ApprovedExtension;
import org.casebridge.contracts.v1.Message;
import org.casebridge.contracts.v1.ProcedureNotice;
import org.casebridge.gateway.archive.ArchivedMessage;
import org.casebridge.gateway.archive.MessageArchive;
import org.casebridge.gateway.deadlines.AppliedExtension;
import org.casebridge.gateway.deadlines.ClockRule;
import org.casebridge.gateway.deadlines.ClockStart;
import org.casebridge.gateway.deadlines.Deadline;
import org.casebridge.gateway.deadlines.DeadlineCalculator;
import org.casebridge.gateway.deadlines.ExtensionRefused;
import org.casebridge.gateway.deadlines.Pause;
import org.casebridge.gateway.deadlines.RuleSet;
import org.casebridge.gateway.deadlines.RuleSets;
import org.casebridge.gateway.lifecycle.HandoffTransitioned;
import org.casebridge.gateway.lifecycle.LifecycleEvent;
import org.casebridge.gateway.lifecycle.MessageDelivered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts, stops, pauses, resumes and extends a handoff's clocks as its lifecycle moves, in the
 * transaction of the move. An event first stops the clocks it ends, then pauses or resumes, then
 * starts those it begins (a restart replaces the running clock of the same rule); extensions
 * approved in the message apply last.
 */
@Component
class ClockKeeper {

    private static final Logger log = LoggerFactory.getLogger(ClockKeeper.class);
    private static final String DELIVERED = "DELIVERED";

    private final RuleSets rules;
    private final DeadlineCalculator calculator;
    private final MessageArchive archive;
    private final ResponsibleAgencies responsible;
    private final ClockRecords records;

    ClockKeeper(RuleSets rules, DeadlineCalculator calculator, MessageArchive archive, ResponsibleAgencies responsible,
            ClockRecords records) {
        this.rules = rules;
        this.calculator = calculator;
        this.archive = archive;
        this.responsible = responsible;
        this.records = records;
    }

    @EventListener
    void on(HandoffTransitioned transition) {
        Optional<RuleSet> profile = rules.find(transition.profile());
        if (profile.isEmpty()) {
            log.warn("Handoff {} follows profile {}, which has no rule set: no clocks run", transition.handoffId(), transition.profile());
            return;
        }
        String handoffId = transition.handoffId();
        String event = transition.event().name();
        // Intake hands over the message it is recording; only a delivery's transfer is read back.
        Optional<Message> cause = Optional.ofNullable(transition.message())
                .or(() -> Optional.ofNullable(transition.messageId()).flatMap(archive::find).map(ArchivedMessage::decode));
        Optional<ProcedureNotice> notice = cause.map(m -> m.getPayload().getNotice());
        notice.map(ProcedureNotice::isInCustody).ifPresent(custody -> records.recordCustody(handoffId, custody, transition.at()));

        for (ClockRule rule : profile.get().stoppedBy(event)) {
            records.running(handoffId, rule.id()).ifPresent(clock -> records.stop(clock.key(), transition.at(), event));
        }
        for (ClockRule rule : profile.get().all()) {
            if (rule.pausesOn(event)) {
                records.running(handoffId, rule.id()).ifPresent(clock -> records.pause(clock.key(), transition.at()));
            }
            if (rule.resumesOn(event)) {
                records.running(handoffId, rule.id()).filter(clock -> clock.pausedSince() != null)
                        .ifPresent(clock -> resume(rule, clock, transition.at()));
            }
        }
        // A handoff that opens now has no clock and no custody record yet: nothing to look up.
        boolean opening = transition.event() == LifecycleEvent.SUBMITTED;
        for (ClockRule rule : profile.get().startedBy(event)) {
            if (!rule.startEvent().equals(event) && !records.hasRun(handoffId, rule.id())) {
                continue; // a restart (resubmission after a return) renews only the review that ran: fast track or not
            }
            if (!opening) {
                records.running(handoffId, rule.id()).ifPresent(clock -> records.stop(clock.key(), transition.at(), event));
            }
            start(transition, rule, cause, notice, !opening && records.inCustody(handoffId));
        }
        notice.ifPresent(n -> {
            for (int i = 0; i < n.getExtensions().size(); i++) {
                extend(handoffId, profile.get(), n.getExtensions().get(i), "Message/payload/notice/extension[" + (i + 1) + "]");
            }
        });
    }

    /** A notice that had to be served within a limit has reached its addressee. */
    @EventListener
    void on(MessageDelivered delivered) {
        for (ClockRecords.Stored clock : records.runningStartedBy(delivered.handoffId(), delivered.messageId())) {
            if (rules.find(delivered.profile()).flatMap(set -> set.find(clock.clockId())).filter(r -> r.stopsOn(DELIVERED)).isPresent()) {
                records.stop(clock.key(), delivered.at(), DELIVERED);
            }
        }
    }

    private void start(HandoffTransitioned transition, ClockRule rule, Optional<Message> cause, Optional<ProcedureNotice> notice,
            boolean custody) {
        Optional<String> agency = responsible.of(rule.responsible(), transition.handoffId(), cause);
        if (agency.isEmpty()) {
            log.info("Clock {} of handoff {} not started: no party is {}", rule.id(), transition.handoffId(), rule.responsible());
            return;
        }
        Instant startedAt = rule.startsAt() == ClockStart.DECISION
                ? notice.map(n -> n.getDecidedAt().toInstant()).orElse(transition.at()) : transition.at();
        Deadline deadline = calculator.compute(rule, startedAt, custody, List.of(), List.of());
        records.start(new ClockRecords.NewClock(transition.handoffId(), transition.profile(), rule.id(), transition.messageId(),
                startedAt, custody, agency.get()), deadline);
    }

    private void resume(ClockRule rule, ClockRecords.Stored clock, Instant at) {
        List<Pause> pauses = new ArrayList<>(clock.pauses());
        pauses.add(new Pause(clock.pausedSince(), at));
        ClockRecords.Stored resumed = new ClockRecords.Stored(clock.key(), clock.clockId(), clock.startedAt(), clock.inCustody(),
                clock.extensions(), pauses, null);
        records.reschedule(resumed, compute(rule, resumed));
    }

    /** An approved extension moves the running clock's deadline; warnings already fired stay fired. */
    private void extend(String handoffId, RuleSet profile, ApprovedExtension approval, String field) {
        Optional<ClockRule> rule = profile.find(approval.getClock());
        Optional<ClockRecords.Stored> running = rule.flatMap(r -> records.running(handoffId, r.id()));
        if (running.isEmpty()) {
            throw new GatewayRejection(GatewayRejection.Reason.ILLEGAL_TRANSITION, "no clock " + approval.getClock()
                    + " is running on handoff " + handoffId + " to extend", field);
        }
        ClockRecords.Stored clock = running.get();
        List<String> extensions = new ArrayList<>(clock.extensions());
        extensions.add(approval.getExtension());
        ClockRecords.Stored extended = new ClockRecords.Stored(clock.key(), clock.clockId(), clock.startedAt(), clock.inCustody(),
                extensions, clock.pauses(), clock.pausedSince());
        try {
            records.reschedule(extended, compute(rule.get(), extended));
        } catch (ExtensionRefused refused) {
            throw new GatewayRejection(GatewayRejection.Reason.ILLEGAL_TRANSITION, refused.getMessage(), field);
        }
        if (clock.pausedSince() != null) {
            records.pause(clock.key(), clock.pausedSince());
        }
    }

    private Deadline compute(ClockRule rule, ClockRecords.Stored clock) {
        return calculator.compute(rule, clock.startedAt(), clock.inCustody(), clock.pauses(),
                clock.extensions().stream().map(AppliedExtension::of).toList());
    }
}
