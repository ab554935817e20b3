package org.casebridge.gateway.intake;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.casebridge.contracts.v1.MessageType;
import org.casebridge.gateway.agencies.AgencyKind;

/**
 * Which kind of agency may send each message type to which kind (DOMAIN.md, "Who talks to whom").
 * Copies go to prosecutors, who supervise transfers and decisions.
 */
final class MessageTypeRules {

    record Rule(AgencyKind sender, AgencyKind recipient, Set<AgencyKind> copies) {
    }

    private static final Map<MessageType, Rule> RULES = new EnumMap<>(Map.of(
            MessageType.REFERRAL_SUBMIT, new Rule(AgencyKind.ADMINISTRATIVE_AGENCY, AgencyKind.POLICE, Set.of(AgencyKind.PROSECUTOR)),
            MessageType.RECEIPT, new Rule(AgencyKind.POLICE, AgencyKind.ADMINISTRATIVE_AGENCY, Set.of(AgencyKind.PROSECUTOR)),
            MessageType.DEFICIENCY_NOTICE, new Rule(AgencyKind.POLICE, AgencyKind.ADMINISTRATIVE_AGENCY, Set.of(AgencyKind.PROSECUTOR)),
            MessageType.SUPPLEMENT, new Rule(AgencyKind.ADMINISTRATIVE_AGENCY, AgencyKind.POLICE, Set.of(AgencyKind.PROSECUTOR)),
            MessageType.DECISION, new Rule(AgencyKind.POLICE, AgencyKind.ADMINISTRATIVE_AGENCY, Set.of(AgencyKind.PROSECUTOR))));

    private MessageTypeRules() {
    }

    static Rule of(MessageType type) {
        Rule rule = RULES.get(type);
        if (rule == null) {
            throw new IllegalStateException("no routing rule for " + type);
        }
        return rule;
    }
}
