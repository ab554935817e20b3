package org.casebridge.gateway.access;

import java.util.List;
import java.util.Set;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.gateway.archive.Handoff;
import org.casebridge.gateway.archive.MessageArchive;
import org.casebridge.gateway.audit.AuditEntry;
import org.casebridge.gateway.audit.AuditTrail;
import org.casebridge.gateway.identity.Roles;
import org.springframework.stereotype.Service;

/**
 * The access rules. Reads of cases are answered "not found" when refused, so that nobody learns
 * which ids exist elsewhere; other refusals are "forbidden". Every decision about a case, and every
 * refusal, is audited.
 */
@Service
public class AccessPolicy {

    /** Roles that read the cases of the caller's own agency. */
    private static final Set<String> AGENCY_READERS = Set.of(Roles.AGENCY_SYSTEM, Roles.LIAISON_OFFICER, Roles.PROSECUTOR);

    private final MessageArchive archive;
    private final AuditTrail audit;

    AccessPolicy(MessageArchive archive, AuditTrail audit) {
        this.archive = archive;
        this.audit = audit;
    }

    /** Collecting an agency's inbox and uploading its content are for agency systems only. */
    public String requireAgencySystem(Caller caller, Action action, String target) {
        if (caller.roles().contains(Roles.AGENCY_SYSTEM) && caller.agencyId() != null) {
            return caller.agencyId();
        }
        throw deny(caller, action, target, Reason.FORBIDDEN, "only an agency system may " + describe(action));
    }

    /**
     * Acting for an agency as a sender or recipient (submitting, acknowledging): agency systems, and
     * the people who work the cases of their own agency (liaison officers, prosecutors). Auditors
     * and operators never act. The person stays the actor in the audit trail.
     *
     * @return the agency the caller acts for
     */
    public String requireActingAgency(Caller caller, Action action, String target) {
        return actingAgency(caller).orElseThrow(() -> deny(caller, action, target, Reason.FORBIDDEN,
                "only an agency system, or a liaison officer or prosecutor for their own agency, may " + describe(action)));
    }

    /** The same rule asked in advance, with nothing recorded: which agency the caller may act for, if any. */
    public java.util.Optional<String> actingAgency(Caller caller) {
        boolean acts = caller.agencyId() != null && !caller.roles().contains(Roles.AUDITOR)
                && caller.roles().stream().anyMatch(AGENCY_READERS::contains);
        return acts ? java.util.Optional.of(caller.agencyId()) : java.util.Optional.empty();
    }

    /** Gateway administration is for operators. */
    public void requireOperator(Caller caller, Action action, String target) {
        if (!caller.roles().contains(Roles.OPERATOR)) {
            throw deny(caller, action, target, Reason.FORBIDDEN, "only an operator may " + describe(action));
        }
        allow(caller, action, target);
    }

    /** Verifying the audit chain is for operators, who run the gateway, and auditors, who answer for the record. */
    public void requireAuditVerification(Caller caller) {
        if (!caller.roles().contains(Roles.OPERATOR) && !caller.roles().contains(Roles.AUDITOR)) {
            throw deny(caller, Action.VERIFY_AUDIT_TRAIL, "audit-chain", Reason.FORBIDDEN,
                    "only an operator or an auditor may verify the audit trail");
        }
        allow(caller, Action.VERIFY_AUDIT_TRAIL, "audit-chain");
    }

    public ReadScope readScope(Caller caller) {
        if (caller.roles().contains(Roles.AUDITOR)) {
            return ReadScope.ALL;
        }
        if (caller.agencyId() != null && caller.roles().stream().anyMatch(AGENCY_READERS::contains)) {
            return new ReadScope(false, caller.agencyId());
        }
        return ReadScope.NONE;
    }

    /**
     * Whether a scope covers a handoff, decided without an audit entry: for change notices, which
     * carry only an id. Showing the handoff itself goes through {@link #requireHandoffRead}, audited.
     */
    public boolean covers(ReadScope scope, Handoff handoff) {
        return scope.all() || scope.agencyId() != null && handoff.hasParty(scope.agencyId());
    }

    /** Listing cases: allowed to anyone with a read scope; the listing itself is filtered by it. */
    public ReadScope requireListing(Caller caller) {
        ReadScope scope = readScope(caller);
        if (scope.none()) {
            throw deny(caller, Action.LIST_HANDOFFS, null, Reason.FORBIDDEN, "the caller's roles read no cases");
        }
        allow(caller, Action.LIST_HANDOFFS, null);
        return scope;
    }

    public void requireMessageRead(Caller caller, String messageId, Action action) {
        ReadScope scope = readScope(caller);
        boolean allowed = scope.all() ? archive.exists(messageId)
                : scope.agencyId() != null && archive.isParty(scope.agencyId(), messageId);
        decide(caller, action, "message:" + messageId, allowed, "no message " + messageId + " visible to the caller");
    }

    public void requireHandoffRead(Caller caller, String handoffId) {
        requireHandoffRead(caller, handoffId, Action.READ_HANDOFF);
    }

    /** A read of a whole case under another name in the audit trail, such as an evidence export. */
    public void requireHandoffRead(Caller caller, String handoffId, Action action) {
        ReadScope scope = readScope(caller);
        boolean allowed = archive.handoff(handoffId)
                .map(handoff -> scope.all() || scope.agencyId() != null && handoff.hasParty(scope.agencyId()))
                .orElse(false);
        decide(caller, action, "handoff:" + handoffId, allowed, "no handoff " + handoffId + " visible to the caller");
    }

    /**
     * Reading stored content: an agency system reads back what its agency uploaded; the people and
     * systems of an agency read what reached it in a message; auditors read any recorded content.
     * Anything else is answered exactly like content that does not exist.
     *
     * @param uploaders the agencies that uploaded the content (none: it is not recorded)
     */
    public void requireAttachmentRead(Caller caller, String sha256, java.util.Collection<String> uploaders) {
        ReadScope scope = readScope(caller);
        boolean allowed = scope.all() && !uploaders.isEmpty()
                || scope.agencyId() != null && (uploaders.contains(scope.agencyId()) && caller.roles().contains(Roles.AGENCY_SYSTEM)
                        || archive.mayReadAttachment(scope.agencyId(), sha256));
        decide(caller, Action.READ_ATTACHMENT, "attachment:" + sha256, allowed, "no attachment " + sha256 + " visible to the caller");
    }

    /**
     * Whether an agency may name stored content in a message it sends: content it uploaded, or that
     * reached it in a message it may read. Knowing a digest is never enough. Decided without an audit entry.
     */
    public boolean mayUseAttachment(String agencyId, String sha256, java.util.Collection<String> uploaders) {
        return uploaders.contains(agencyId) || archive.mayReadAttachment(agencyId, sha256);
    }

    /** Records a read that needed no decision here, such as each delivery an inbox hands out. */
    public void recordRead(Caller caller, Action action, String target) {
        allow(caller, action, target);
    }

    /** Records several such reads at once, in one transaction: a page of an inbox. */
    public void recordReads(Caller caller, Action action, List<String> targets) {
        audit.recordAll(targets.stream()
                .map(target -> new AuditEntry(caller.subject(), caller.agencyId(), caller.roles(), action.name(), target, true, null))
                .toList());
    }

    /** Records a refusal decided elsewhere, such as a token the security filters rejected. */
    public void recordRefusal(Caller caller, Action action, String target, Reason reason) {
        audit.record(new AuditEntry(caller.subject(), caller.agencyId(), caller.roles(), action.name(), target, false, reason.code()));
    }

    private void decide(Caller caller, Action action, String target, boolean allowed, String notFound) {
        if (!allowed) {
            throw deny(caller, action, target, Reason.NOT_FOUND, notFound);
        }
        allow(caller, action, target);
    }

    private void allow(Caller caller, Action action, String target) {
        audit.record(new AuditEntry(caller.subject(), caller.agencyId(), caller.roles(), action.name(), target, true, null));
    }

    private GatewayRejection deny(Caller caller, Action action, String target, Reason reason, String message) {
        recordRefusal(caller, action, target, reason);
        return new GatewayRejection(reason, message);
    }

    private static String describe(Action action) {
        return action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
