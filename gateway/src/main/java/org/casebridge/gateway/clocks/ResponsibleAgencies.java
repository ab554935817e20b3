package org.casebridge.gateway.clocks;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.casebridge.gateway.agencies.AgencyDirectory;
import org.casebridge.gateway.agencies.AgencyKind;
import org.casebridge.contracts.v1.Message;
import org.casebridge.contracts.v1.Party;
import org.casebridge.gateway.archive.MessageArchive;
import org.casebridge.gateway.deadlines.Responsible;
import org.springframework.stereotype.Component;

/** Who must act on a clock: a party of the message that started it, or the handoff's party of the named kind. */
@Component
class ResponsibleAgencies {

    private final MessageArchive archive;
    private final AgencyDirectory agencies;

    ResponsibleAgencies(MessageArchive archive, AgencyDirectory agencies) {
        this.archive = archive;
        this.agencies = agencies;
    }

    Optional<String> of(Responsible responsible, String handoffId, Optional<Message> cause) {
        return switch (responsible) {
            case SENDER -> cause.map(m -> m.getSender().getAgency());
            case RECIPIENT -> cause.map(m -> m.getRecipient().getAgency());
            case ADMINISTRATIVE_AGENCY -> ofKind(AgencyKind.ADMINISTRATIVE_AGENCY, cause, handoffId);
            case POLICE -> ofKind(AgencyKind.POLICE, cause, handoffId);
            case PROSECUTOR -> ofKind(AgencyKind.PROSECUTOR, cause, handoffId);
        };
    }

    /** The parties of the causing message first (sender, recipient, copies in name order), then the handoff's, in name order. */
    private Optional<String> ofKind(AgencyKind kind, Optional<Message> cause, String handoffId) {
        Optional<String> party = cause.flatMap(m -> firstOfKind(kind, Stream.concat(
                Stream.of(m.getSender().getAgency(), m.getRecipient().getAgency()),
                m.getCopyTo().stream().map(Party::getAgency).sorted()).toList()));
        // The handoff's parties are read only when the message does not name one.
        return party.isPresent() ? party
                : archive.handoff(handoffId).flatMap(h -> firstOfKind(kind, h.parties().stream().sorted().toList()));
    }

    private Optional<String> firstOfKind(AgencyKind kind, List<String> candidates) {
        return candidates.stream()
                .filter(id -> agencies.find(id).map(a -> a.kind() == kind).orElse(false))
                .findFirst();
    }
}
