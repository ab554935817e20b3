package org.casebridge.gateway.console;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.casebridge.contracts.v1.Decision;
import org.casebridge.contracts.v1.DecisionOutcome;
import org.casebridge.contracts.v1.DeficiencyNotice;
import org.casebridge.contracts.v1.Message;
import org.casebridge.contracts.v1.MessageType;
import org.casebridge.contracts.v1.MissingItem;
import org.casebridge.contracts.v1.Party;
import org.casebridge.contracts.v1.Payload;
import org.casebridge.contracts.v1.ProcedureNotice;
import org.casebridge.gateway.agencies.AgencyDirectory;
import org.casebridge.gateway.agencies.AgencyKind;
import org.casebridge.gateway.deadlines.RuleSets;
import org.casebridge.gateway.tracking.HandoffViews.HandoffDetail;
import org.casebridge.gateway.tracking.HandoffViews.MessageView;
import org.springframework.stereotype.Component;

/**
 * Builds the message a console step sends, as the viewer's agency: addressed to the other side of
 * the handoff, answering its latest message, with the copies the law asks for. Whether the message
 * may go is not decided here but by intake, which refuses it as it would refuse an agency system.
 */
@Component
class ActionDrafts {

    /** The usual wording of a decision to register (PC 178), when the officer adds none. */
    static final String REGISTER_REASONS = "经审查，有犯罪事实需要追究刑事责任，符合立案条件。";

    private final AgencyDirectory agencies;
    private final RuleSets rules;
    private final Clock clock;

    ActionDrafts(AgencyDirectory agencies, RuleSets rules, Clock clock) {
        this.agencies = agencies;
        this.rules = rules;
        this.clock = clock;
    }

    /** Empty when the viewer acts for no agency or the handoff has no one to address. */
    Optional<Message> draft(ConsoleAction action, String senderAgency, HandoffDetail handoff, ActionInput input) {
        if (senderAgency == null || action.messageType() == null || handoff.messages().isEmpty()) {
            return Optional.empty();
        }
        MessageView transfer = handoff.messages().getFirst();
        String transferring = transfer.sender();
        // The other side of the transfer: the police answer the agency, and the agency the police.
        String counterpart = senderAgency.equals(transferring) ? transfer.recipient() : transferring;
        Message message = new Message();
        message.setType(action.messageType());
        message.setHandoffId(handoff.handoffId());
        message.setInReplyTo(handoff.messages().getLast().messageId());
        message.setMessageId(messageId(senderAgency, handoff.handoffId(), action.messageType()));
        message.setProfile(handoff.profile());
        message.setSender(party(senderAgency));
        ZoneId zone = rules.find(handoff.profile()).map(set -> set.jurisdiction().zone()).orElse(ZoneId.of("Asia/Shanghai"));
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), zone).truncatedTo(ChronoUnit.SECONDS);
        message.setSentAt(now);
        Payload payload = new Payload();
        message.setPayload(payload);
        switch (action) {
            case REQUEST_SUPPLEMENT -> {
                message.setRecipient(party(counterpart));
                message.getLegalBasis().add(basis("公安机关办理刑事案件程序规定", "180"));
                DeficiencyNotice notice = new DeficiencyNotice();
                input.missingItems().forEach(text -> {
                    MissingItem item = new MissingItem();
                    item.setDescription(text);
                    notice.getMissingItems().add(item);
                });
                payload.setDeficiencyNotice(notice);
            }
            case DECIDE_REGISTER, DECIDE_REFUSE -> {
                message.setRecipient(party(counterpart));
                copyTo(message, handoff, AgencyKind.PROSECUTOR, senderAgency, counterpart);
                message.getLegalBasis().add(basis("行政执法机关移送涉嫌犯罪案件的规定", "8"));
                Decision decision = new Decision();
                decision.setDecidedAt(now);
                decision.setReasons(input.reasons());
                if (action == ConsoleAction.DECIDE_REGISTER) {
                    if (input.reasons() == null) {
                        decision.setReasons(REGISTER_REASONS);
                    }
                    decision.setOutcome(DecisionOutcome.REGISTER);
                    decision.setCaseNumber(input.caseNumber());
                    decision.getLegalArticles().add(basis("中华人民共和国刑事诉讼法", "112"));
                } else {
                    decision.setOutcome(DecisionOutcome.REFUSE);
                    decision.getLegalArticles().add(basis("公安机关办理刑事案件程序规定", "178"));
                }
                payload.setDecision(decision);
            }
            case ESCALATE -> {
                Optional<String> prosecutor = partyOfKind(handoff, AgencyKind.PROSECUTOR, senderAgency);
                if (prosecutor.isEmpty()) {
                    return Optional.empty();
                }
                message.setRecipient(party(prosecutor.get()));
                copyTo(message, handoff, AgencyKind.POLICE, senderAgency, prosecutor.get());
                message.getLegalBasis().add(basis("行政执法机关移送涉嫌犯罪案件的规定", "9"));
                ProcedureNotice notice = new ProcedureNotice();
                notice.setDecidedAt(now);
                notice.setReasons(input.reasons());
                payload.setNotice(notice);
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(message);
    }

    private void copyTo(Message message, HandoffDetail handoff, AgencyKind kind, String... except) {
        handoff.parties().stream()
                .filter(id -> !List.of(except).contains(id))
                .filter(id -> agencies.find(id).map(a -> a.kind() == kind).orElse(false))
                .forEach(id -> message.getCopyTo().add(party(id)));
    }

    private Optional<String> partyOfKind(HandoffDetail handoff, AgencyKind kind, String except) {
        return handoff.parties().stream()
                .filter(id -> !Objects.equals(id, except))
                .filter(id -> agencies.find(id).map(a -> a.kind() == kind).orElse(false))
                .findFirst();
    }

    /** {@code <handoffId>-<type>-<8 hex>}, the handoff part shortened to keep within the 128 characters of an id. */
    /** In the sender's namespace, as intake requires: the sender's id and a dash, then the handoff's id. */
    static String messageId(String senderAgency, String handoffId, MessageType type) {
        String prefix = senderAgency + "-";
        String base = handoffId.startsWith(prefix) ? handoffId : prefix + handoffId;
        String suffix = "-" + type.value().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        return base.substring(0, Math.min(base.length(), 128 - suffix.length())) + suffix;
    }

    private static Party party(String agency) {
        Party party = new Party();
        party.setAgency(agency);
        return party;
    }

    private static org.casebridge.contracts.v1.LegalBasis basis(String instrument, String article) {
        org.casebridge.contracts.v1.LegalBasis basis = new org.casebridge.contracts.v1.LegalBasis();
        basis.setInstrument(instrument);
        basis.setArticle(article);
        return basis;
    }
}
