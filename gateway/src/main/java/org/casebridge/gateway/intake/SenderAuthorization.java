package org.casebridge.gateway.intake;

import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.contracts.v1.Message;
import org.casebridge.contracts.v1.Party;
import org.casebridge.gateway.access.AccessPolicy;
import org.casebridge.gateway.access.Action;
import org.casebridge.gateway.agencies.Agency;
import org.casebridge.gateway.agencies.AgencyDirectory;
import org.casebridge.gateway.agencies.AgencyKind;
import org.springframework.stereotype.Component;

/**
 * The "authorize" stage: an agency system, or a liaison officer or prosecutor for their agency,
 * sends only as that agency, to agencies the gateway knows, only the message types its kind of
 * agency may send, with the copies the law asks for.
 */
@Component
class SenderAuthorization {

    private final AgencyDirectory agencies;
    private final AccessPolicy access;

    SenderAuthorization(AgencyDirectory agencies, AccessPolicy access) {
        this.agencies = agencies;
        this.access = access;
    }

    Submission authorize(Submission submission) {
        Caller caller = submission.caller();
        Message message = submission.message();
        String target = "message:" + message.getMessageId();
        access.requireActingAgency(caller, Action.SUBMIT, target);
        if (!caller.actsFor(message.getSender().getAgency())) {
            access.recordRefusal(caller, Action.SUBMIT, target, Reason.SENDER_MISMATCH);
        }
        check(caller, message);
        return submission;
    }

    /**
     * The rules of this stage without a record in the audit trail, for asking in advance whether a
     * message would pass (the console's draft actions). Throws the refusal the submission would get.
     */
    void check(Caller caller, Message message) {
        if (access.actingAgency(caller).isEmpty()) {
            throw new GatewayRejection(Reason.FORBIDDEN, "the caller's roles do not act for an agency");
        }
        String sender = message.getSender().getAgency();
        if (!caller.actsFor(sender)) {
            throw new GatewayRejection(Reason.SENDER_MISMATCH, "the caller acts for " + caller.agencyId()
                    + " and cannot send as " + sender, "Message/sender/agency");
        }
        MessageTypeRules.Rule rule = MessageTypeRules.of(message.getType());
        requireKind(message.getSender(), "Message/sender/agency", rule.senders(), message);
        requireKind(message.getRecipient(), "Message/recipient/agency", rule.recipients(), message);
        java.util.Set<AgencyKind> copied = java.util.EnumSet.noneOf(AgencyKind.class);
        for (int i = 0; i < message.getCopyTo().size(); i++) {
            Party copy = message.getCopyTo().get(i);
            Agency agency = known(copy, "Message/copyTo[" + (i + 1) + "]/agency");
            if (!rule.copies().contains(agency.kind())) {
                throw new GatewayRejection(Reason.TYPE_NOT_ALLOWED, "a " + message.getType() + " is copied only to "
                        + rule.copies() + ", not to " + agency.id() + " (" + agency.kind() + ")", "Message/copyTo[" + (i + 1) + "]/agency");
            }
            copied.add(agency.kind());
        }
        rule.copyRequired().filter(required -> !copied.contains(required.kind())).ifPresent(required -> {
            throw new GatewayRejection(Reason.COPY_REQUIRED, "a " + message.getType() + " is copied to a " + required.kind()
                    + " (" + required.basis() + "); name it in copyTo", "Message/copyTo");
        });
    }

    private void requireKind(Party party, String field, java.util.Set<AgencyKind> expected, Message message) {
        Agency agency = known(party, field);
        if (!expected.contains(agency.kind())) {
            MessageTypeRules.Rule rule = MessageTypeRules.of(message.getType());
            throw new GatewayRejection(Reason.TYPE_NOT_ALLOWED, "a " + message.getType() + " goes from "
                    + rule.senders() + " to " + rule.recipients() + "; " + agency.id() + " is " + agency.kind(), field);
        }
    }

    private Agency known(Party party, String field) {
        return agencies.find(party.getAgency()).orElseThrow(() -> new GatewayRejection(Reason.UNKNOWN_AGENCY,
                "agency " + party.getAgency() + " is not connected to this gateway", field));
    }
}
