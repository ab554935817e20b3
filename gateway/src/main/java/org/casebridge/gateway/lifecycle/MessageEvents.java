package org.casebridge.gateway.lifecycle;

import org.casebridge.contracts.v1.DecisionOutcome;
import org.casebridge.contracts.v1.Jurisdiction;
import org.casebridge.contracts.v1.Message;

/** The lifecycle event a message stands for. */
final class MessageEvents {

    private MessageEvents() {
    }

    static LifecycleEvent of(Message message) {
        return switch (message.getType()) {
            case REFERRAL_SUBMIT -> LifecycleEvent.SUBMITTED;
            case RECEIPT -> message.getPayload().getReceipt().getJurisdiction() == Jurisdiction.FORWARDED
                    ? LifecycleEvent.FORWARDED : LifecycleEvent.RECEIVED;
            case DEFICIENCY_NOTICE -> LifecycleEvent.DEFICIENT;
            case SUPPLEMENT -> LifecycleEvent.SUPPLEMENTED;
            case DECISION -> message.getPayload().getDecision().getOutcome() == DecisionOutcome.REGISTER
                    ? LifecycleEvent.REGISTERED : LifecycleEvent.REFUSED;
        };
    }
}
