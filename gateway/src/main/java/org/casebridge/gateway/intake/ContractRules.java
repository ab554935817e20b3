package org.casebridge.gateway.intake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.contracts.codec.CanonicalJson;
import org.casebridge.contracts.codec.ContractJson;
import org.casebridge.contracts.codec.ContractViolation;
import org.casebridge.contracts.codec.FieldPaths;
import org.casebridge.contracts.codec.XmlContractValidator;
import org.casebridge.contracts.v1.Attachment;
import org.casebridge.contracts.v1.Enclosure;
import org.casebridge.contracts.v1.EvidenceItem;
import org.casebridge.contracts.v1.ExpertReport;
import org.casebridge.contracts.v1.Jurisdiction;
import org.casebridge.contracts.v1.Marking;
import org.casebridge.contracts.v1.Message;
import org.casebridge.contracts.v1.MessageType;
import org.casebridge.contracts.v1.Party;
import org.casebridge.contracts.v1.Payload;
import org.casebridge.contracts.v1.ProcedureNotice;
import org.casebridge.contracts.v1.ProcedureOutcome;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The "validate" stage: the contract (XSD, for both encodings) and the rules a schema cannot
 * express. Each refusal names the field at fault.
 */
@Component
class ContractRules {

    private static final Map<MessageType, Function<Payload, Object>> PAYLOAD_OF_TYPE = Map.of(
            MessageType.REFERRAL_SUBMIT, Payload::getReferral,
            MessageType.RECEIPT, Payload::getReceipt,
            MessageType.DEFICIENCY_NOTICE, Payload::getDeficiencyNotice,
            MessageType.SUPPLEMENT, Payload::getSupplement,
            MessageType.DECISION, Payload::getDecision);

    /** What the procedural steps after registration may decide; the others decide nothing. */
    private static final Map<MessageType, Set<ProcedureOutcome>> OUTCOMES = Map.of(
            MessageType.RECONSIDERATION_DECISION, Set.of(ProcedureOutcome.REGISTER, ProcedureOutcome.UPHOLD_REFUSAL),
            MessageType.CASE_STATUS, Set.of(ProcedureOutcome.INVESTIGATING, ProcedureOutcome.MOVED, ProcedureOutcome.REVOKED),
            MessageType.PROSECUTION_DECISION, Set.of(ProcedureOutcome.INDICT, ProcedureOutcome.NOT_PROSECUTE));

    private final IntakeProperties properties;
    private final ValueLimits valueLimits;
    private final Clock clock;

    ContractRules(IntakeProperties properties, ValueLimits valueLimits, Clock clock) {
        this.properties = properties;
        this.valueLimits = valueLimits;
        this.clock = clock;
    }

    Submission validate(IntakeRequest request) {
        Message message = request.message();
        List<ContractViolation> violations = XmlContractValidator.validate(message);
        if (!violations.isEmpty()) {
            ContractViolation first = violations.getFirst();
            String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more: "
                    + violations.stream().skip(1).map(ContractViolation::toString).collect(Collectors.joining("; ")) + ")" : "";
            throw new GatewayRejection(Reason.CONTRACT_VIOLATION, first.message() + more, first.field());
        }
        checkNamespaces(message);
        valueLimits.check(message);
        checkPayloadMatchesType(message);
        checkReplyReference(message);
        checkParties(message);
        checkProfile(message);
        checkMarking(message.getMarking());
        Instant now = clock.instant();
        checkSentAt(message, now);
        checkAttachmentReferences(message);
        JsonNode tree = ContractJson.toTree(message);
        checkCharacters(tree, "");
        byte[] canonical = CanonicalJson.bytes(tree);
        return new Submission(request.caller(), message, request.encoding(), canonical, sha256(canonical), now, request.content());
    }

    /**
     * Ids are the sender's: a transfer's handoffId and every messageId start with the sending
     * agency's id and a dash, so no agency can take (or probe for) another's ids. Agency ids never
     * prefix one another this way (the agency file refuses it), so the namespace is the sender's alone.
     * Decided from the message alone, before anything is looked up: the answer is the same whether
     * the foreign id exists or not.
     */
    private static void checkNamespaces(Message message) {
        String prefix = message.getSender().getAgency() + "-";
        if (message.getType() == MessageType.REFERRAL_SUBMIT && !message.getHandoffId().startsWith(prefix)) {
            throw notNamespaced("handoffId", "a transfer opens a handoff under an id of its sender's: " + prefix + "...");
        }
        if (!message.getMessageId().startsWith(prefix)) {
            throw notNamespaced("messageId", "a message's id is one of its sender's: " + prefix + "...");
        }
    }

    private static GatewayRejection notNamespaced(String field, String message) {
        return new GatewayRejection(Reason.ID_NOT_NAMESPACED, message, "Message/" + field);
    }

    private static void checkPayloadMatchesType(Message message) {
        Object payload = PAYLOAD_OF_TYPE.getOrDefault(message.getType(), Payload::getNotice).apply(message.getPayload());
        if (payload == null) {
            throw violation("payload", "a " + message.getType() + " message carries its own payload document");
        }
        if (payload instanceof ProcedureNotice notice) {
            checkOutcome(message.getType(), notice);
        }
        if (message.getType() == MessageType.RECEIPT) {
            var receipt = message.getPayload().getReceipt();
            if (receipt.getJurisdiction() == Jurisdiction.FORWARDED && receipt.getForwardedTo() == null) {
                throw violation("payload/receipt/forwardedTo", "a receipt that forwards the case names the unit it goes to");
            }
        }
    }

    private static void checkOutcome(MessageType type, ProcedureNotice notice) {
        Set<ProcedureOutcome> allowed = OUTCOMES.getOrDefault(type, Set.of());
        if (allowed.isEmpty() && notice.getOutcome() != null) {
            throw violation("payload/notice/outcome", "a " + type + " decides nothing; leave the outcome out");
        }
        if (!allowed.isEmpty() && !allowed.contains(notice.getOutcome())) {
            throw violation("payload/notice/outcome", "a " + type + " decides one of " + allowed);
        }
        if (type == MessageType.SUPPLEMENTARY_INVESTIGATION && notice.getRound() == null) {
            throw violation("payload/notice/round", "a return for supplementary investigation says which round it is (CPL 175)");
        }
    }

    private static void checkReplyReference(Message message) {
        boolean opens = message.getType() == MessageType.REFERRAL_SUBMIT;
        if (opens && message.getInReplyTo() != null) {
            throw violation("inReplyTo", "a transfer opens a handoff and replies to nothing");
        }
        if (!opens && message.getInReplyTo() == null) {
            throw violation("inReplyTo", "a " + message.getType() + " message names the message it answers");
        }
        if (message.getMessageId().equals(message.getInReplyTo())) {
            throw violation("inReplyTo", "a message cannot answer itself");
        }
    }

    private static void checkParties(Message message) {
        String sender = message.getSender().getAgency();
        if (sender.equals(message.getRecipient().getAgency())) {
            throw violation("recipient/agency", "sender and recipient are the same agency");
        }
        Set<String> seen = new HashSet<>(Set.of(sender, message.getRecipient().getAgency()));
        for (int i = 0; i < message.getCopyTo().size(); i++) {
            Party copy = message.getCopyTo().get(i);
            if (!seen.add(copy.getAgency())) {
                throw violation("copyTo[" + (i + 1) + "]/agency", "agency " + copy.getAgency() + " is already a party of this message");
            }
        }
    }

    private void checkProfile(Message message) {
        if (!properties.profiles().contains(message.getProfile())) {
            throw violation("profile", "profile " + message.getProfile() + " is not served here; known: " + properties.profiles());
        }
    }

    private static void checkMarking(Marking marking) {
        if (marking == null) {
            return;
        }
        String pattern = switch (marking.getScheme()) {
            case TLP_2 -> "CLEAR|GREEN|AMBER|AMBER\\+STRICT|RED";
            case UK_3_X_5_X_2 -> "[1-3][A-E]-[PC]";
            case EUROPOL_4_X_4 -> "[ABCX][1-4]-H[0-3]";
        };
        if (!marking.getValue().matches(pattern)) {
            throw violation("marking/value", marking.getValue() + " is not a " + marking.getScheme() + " handling code");
        }
    }

    private void checkSentAt(Message message, Instant now) {
        if (message.getSentAt().toInstant().isAfter(now.plus(properties.maxClockSkew()))) {
            throw violation("sentAt", message.getSentAt() + " is in the future by the gateway's clock");
        }
    }

    /** Every digest the documents point to must be one of the message's attachments, each listed once. */
    private static void checkAttachmentReferences(Message message) {
        Set<String> attached = new HashSet<>();
        for (int i = 0; i < message.getAttachments().size(); i++) {
            Attachment attachment = message.getAttachments().get(i);
            if (!attached.add(attachment.getSha256())) {
                throw violation("attachment[" + (i + 1) + "]/sha256", "the same content is attached twice");
            }
        }
        Payload payload = message.getPayload();
        if (payload.getReferral() != null) {
            var referral = payload.getReferral();
            checkEnclosures(referral.getTransferLetter().getEnclosures(), "payload/referral/transferLetter/enclosure", attached);
            for (int i = 0; i < referral.getExpertReports().size(); i++) {
                ExpertReport report = referral.getExpertReports().get(i);
                checkReference(report.getAttachmentSha256(), "payload/referral/expertReport[" + (i + 1) + "]/attachmentSha256", attached);
            }
            for (int i = 0; i < referral.getOtherEvidence().size(); i++) {
                EvidenceItem item = referral.getOtherEvidence().get(i);
                checkReference(item.getAttachmentSha256(), "payload/referral/otherEvidence[" + (i + 1) + "]/attachmentSha256", attached);
            }
        }
        if (payload.getSupplement() != null) {
            checkEnclosures(payload.getSupplement().getItems(), "payload/supplement/item", attached);
        }
        if (payload.getDecision() != null) {
            checkEnclosures(payload.getDecision().getMaterialsReturned(), "payload/decision/materialReturned", attached);
        }
        if (payload.getNotice() != null) {
            checkEnclosures(payload.getNotice().getItems(), "payload/notice/item", attached);
        }
    }

    private static void checkEnclosures(List<Enclosure> enclosures, String path, Set<String> attached) {
        for (int i = 0; i < enclosures.size(); i++) {
            checkReference(enclosures.get(i).getAttachmentSha256(), path + "[" + (i + 1) + "]/attachmentSha256", attached);
        }
    }

    private static void checkReference(String sha256, String field, Set<String> attached) {
        if (sha256 != null && !attached.contains(sha256)) {
            throw violation(field, "points to content " + sha256 + " that is not among the message's attachments");
        }
    }

    /**
     * Every text must be representable in both encodings: XML 1.0 has no NUL, most C0 controls,
     * U+FFFE/U+FFFF or unpaired surrogates, and a message accepted as JSON must still go out as XML.
     * The walk is over the JSON tree, so its path (a JSON pointer) is turned into the model path.
     */
    private static void checkCharacters(JsonNode node, String path) {
        if (node.isString()) {
            String text = node.stringValue();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
                if (paired) {
                    i++;
                } else if (Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF || c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                    throw new GatewayRejection(Reason.CONTRACT_VIOLATION, "contains the character U+"
                            + String.format("%04X", (int) c) + ", which XML cannot carry", FieldPaths.fromJsonPointer(path));
                }
            }
        } else if (node.isObject()) {
            for (var member : node.properties()) {
                checkCharacters(member.getValue(), path + "/" + member.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkCharacters(node.get(i), path + "/" + i);
            }
        }
    }

    private static GatewayRejection violation(String field, String message) {
        return new GatewayRejection(Reason.CONTRACT_VIOLATION, message, "Message/" + field);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
