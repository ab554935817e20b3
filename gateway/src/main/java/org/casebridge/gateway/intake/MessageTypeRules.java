package org.casebridge.gateway.intake;

import static org.casebridge.gateway.agencies.AgencyKind.ADMINISTRATIVE_AGENCY;
import static org.casebridge.gateway.agencies.AgencyKind.POLICE;
import static org.casebridge.gateway.agencies.AgencyKind.PROSECUTOR;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.casebridge.contracts.v1.MessageType;
import org.casebridge.gateway.agencies.AgencyKind;

/**
 * Which kind of agency may send each message type to which kind (DOMAIN.md, "Who talks to whom"),
 * who may be copied, and which types may bring a new agency into a handoff (the prosecutor asked to
 * supervise, or given the dossier).
 */
final class MessageTypeRules {

    /**
     * @param introducesRecipient the recipient may be an agency the handoff did not involve yet
     * @param copyRequired        the kind of agency the law says must get a copy, if any
     */
    record Rule(Set<AgencyKind> senders, Set<AgencyKind> recipients, Set<AgencyKind> copies, boolean introducesRecipient,
            Optional<RequiredCopy> copyRequired) {
    }

    /** A copy the law asks for, and where it says so. */
    record RequiredCopy(AgencyKind kind, String basis) {
    }

    /**
     * The prosecutor supervises registration, so gets a copy of the transfer letter (SC 6; DOMAIN.md,
     * "What a transfer carries") and of the police's decisions on registration (DOMAIN.md, "Who talks
     * to whom": copies of transfers and decisions).
     */
    private static final Map<MessageType, RequiredCopy> REQUIRED_COPIES = Map.of(
            MessageType.REFERRAL_SUBMIT, new RequiredCopy(PROSECUTOR, "SC 6: a copy of the transfer letter goes to the prosecutor"),
            MessageType.DECISION, new RequiredCopy(PROSECUTOR, "the prosecutor supervising registration gets the decision (SC 8, CPL 113)"),
            MessageType.RECONSIDERATION_DECISION, new RequiredCopy(PROSECUTOR,
                    "the prosecutor supervising registration gets the reconsideration decision (SC 9)"));

    private static final Set<AgencyKind> ANY = Set.of(ADMINISTRATIVE_AGENCY, POLICE, PROSECUTOR);
    private static final Map<MessageType, Rule> RULES = new EnumMap<>(MessageType.class);

    static {
        rule(MessageType.REFERRAL_SUBMIT, Set.of(ADMINISTRATIVE_AGENCY), Set.of(POLICE), Set.of(PROSECUTOR), true);
        rule(MessageType.RECEIPT, Set.of(POLICE), Set.of(ADMINISTRATIVE_AGENCY), Set.of(PROSECUTOR), false);
        rule(MessageType.DEFICIENCY_NOTICE, Set.of(POLICE), Set.of(ADMINISTRATIVE_AGENCY), Set.of(PROSECUTOR), false);
        rule(MessageType.SUPPLEMENT, Set.of(ADMINISTRATIVE_AGENCY), Set.of(POLICE), Set.of(PROSECUTOR), false);
        rule(MessageType.DECISION, Set.of(POLICE), Set.of(ADMINISTRATIVE_AGENCY), Set.of(PROSECUTOR), false);
        rule(MessageType.RECONSIDERATION_REQUEST, Set.of(ADMINISTRATIVE_AGENCY), Set.of(POLICE), Set.of(PROSECUTOR), false);
        rule(MessageType.RECONSIDERATION_DECISION, Set.of(POLICE), Set.of(ADMINISTRATIVE_AGENCY), Set.of(PROSECUTOR), false);
        rule(MessageType.SUPERVISION_REQUEST, Set.of(ADMINISTRATIVE_AGENCY), Set.of(PROSECUTOR), Set.of(POLICE), true);
        rule(MessageType.EXPLANATION_REQUEST, Set.of(PROSECUTOR), Set.of(POLICE), Set.of(ADMINISTRATIVE_AGENCY), false);
        rule(MessageType.EXPLANATION, Set.of(POLICE), Set.of(PROSECUTOR), Set.of(ADMINISTRATIVE_AGENCY), false);
        rule(MessageType.REGISTER_ORDER, Set.of(PROSECUTOR), Set.of(POLICE), Set.of(ADMINISTRATIVE_AGENCY), false);
        rule(MessageType.SUPERVISION_CLOSURE, Set.of(PROSECUTOR), Set.of(ADMINISTRATIVE_AGENCY), Set.of(POLICE), false);
        rule(MessageType.ITEMS_HANDOVER, Set.of(ADMINISTRATIVE_AGENCY), Set.of(POLICE), Set.of(PROSECUTOR), false);
        rule(MessageType.CASE_STATUS, Set.of(POLICE), Set.of(ADMINISTRATIVE_AGENCY), Set.of(PROSECUTOR), false);
        rule(MessageType.PROSECUTION_TRANSFER, Set.of(POLICE), Set.of(PROSECUTOR), Set.of(ADMINISTRATIVE_AGENCY), true);
        rule(MessageType.PROSECUTION_ACCEPTANCE, Set.of(PROSECUTOR), Set.of(POLICE), Set.of(ADMINISTRATIVE_AGENCY), false);
        rule(MessageType.SUPPLEMENTARY_INVESTIGATION, Set.of(PROSECUTOR), Set.of(POLICE), Set.of(ADMINISTRATIVE_AGENCY), false);
        rule(MessageType.RESUBMISSION, Set.of(POLICE), Set.of(PROSECUTOR), Set.of(ADMINISTRATIVE_AGENCY), false);
        rule(MessageType.PROSECUTION_DECISION, Set.of(PROSECUTOR), Set.of(POLICE), Set.of(ADMINISTRATIVE_AGENCY), false);
        rule(MessageType.REVERSE_TRANSFER, Set.of(POLICE, PROSECUTOR), Set.of(ADMINISTRATIVE_AGENCY), ANY, false);
        rule(MessageType.CLOSURE, ANY, ANY, ANY, false);
    }

    private MessageTypeRules() {
    }

    private static void rule(MessageType type, Set<AgencyKind> senders, Set<AgencyKind> recipients, Set<AgencyKind> copies,
            boolean introducesRecipient) {
        RULES.put(type, new Rule(senders, recipients, copies, introducesRecipient, Optional.ofNullable(REQUIRED_COPIES.get(type))));
    }

    static Rule of(MessageType type) {
        Rule rule = RULES.get(type);
        if (rule == null) {
            throw new IllegalStateException("no routing rule for " + type);
        }
        return rule;
    }
}
