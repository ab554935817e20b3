package org.casebridge.gateway.lifecycle;

import java.util.List;
import org.casebridge.contracts.v1.DecisionOutcome;
import org.casebridge.contracts.v1.Jurisdiction;
import org.casebridge.contracts.v1.Message;
import org.casebridge.contracts.v1.ProcedureOutcome;

/** The lifecycle events a message stands for, in order (a reconsideration decision is two steps). */
final class MessageEvents {

    private MessageEvents() {
    }

    static List<LifecycleEvent> of(Message message) {
        ProcedureOutcome outcome = message.getPayload().getNotice() == null ? null : message.getPayload().getNotice().getOutcome();
        return switch (message.getType()) {
            case REFERRAL_SUBMIT -> List.of(LifecycleEvent.SUBMITTED);
            case RECEIPT -> List.of(message.getPayload().getReceipt().getJurisdiction() == Jurisdiction.FORWARDED
                    ? LifecycleEvent.FORWARDED : LifecycleEvent.RECEIVED);
            case DEFICIENCY_NOTICE -> List.of(LifecycleEvent.DEFICIENT);
            case SUPPLEMENT -> List.of(LifecycleEvent.SUPPLEMENTED);
            case DECISION -> List.of(message.getPayload().getDecision().getOutcome() == DecisionOutcome.REGISTER
                    ? LifecycleEvent.REGISTERED : LifecycleEvent.REFUSED);
            case RECONSIDERATION_REQUEST -> List.of(LifecycleEvent.RECON_REQUESTED);
            case RECONSIDERATION_DECISION -> List.of(LifecycleEvent.RECON_DECIDED,
                    outcome == ProcedureOutcome.REGISTER ? LifecycleEvent.REGISTERED : LifecycleEvent.REFUSED_FINAL);
            case SUPERVISION_REQUEST -> List.of(LifecycleEvent.SUPERVISION);
            case EXPLANATION_REQUEST -> List.of(LifecycleEvent.EXPLANATION_REQUESTED);
            case EXPLANATION -> List.of(LifecycleEvent.EXPLAINED);
            case REGISTER_ORDER -> List.of(LifecycleEvent.REGISTER_ORDERED);
            case SUPERVISION_CLOSURE -> List.of(LifecycleEvent.SUPERVISION_CLOSED);
            case ITEMS_HANDOVER -> List.of(LifecycleEvent.ITEMS_HANDED_OVER);
            case CASE_STATUS -> List.of(switch (outcome) {
                case MOVED -> LifecycleEvent.MOVED;
                case REVOKED -> LifecycleEvent.REVOKED;
                default -> LifecycleEvent.INVESTIGATING;
            });
            case PROSECUTION_TRANSFER -> List.of(LifecycleEvent.PROSECUTION_SUBMITTED);
            case PROSECUTION_ACCEPTANCE -> List.of(Boolean.TRUE.equals(message.getPayload().getNotice().isFastTrack())
                    ? LifecycleEvent.FAST_TRACK_RECEIVED : LifecycleEvent.PROSECUTION_RECEIVED);
            case SUPPLEMENTARY_INVESTIGATION -> List.of(LifecycleEvent.RETURNED);
            case RESUBMISSION -> List.of(LifecycleEvent.RESUBMITTED);
            case PROSECUTION_DECISION -> List.of(outcome == ProcedureOutcome.INDICT ? LifecycleEvent.INDICTED : LifecycleEvent.NOT_PROSECUTED);
            case REVERSE_TRANSFER -> List.of(LifecycleEvent.REVERSE_TRANSFERRED);
            case CLOSURE -> List.of(LifecycleEvent.CLOSED);
        };
    }
}
