package org.casebridge.gateway.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.casebridge.contracts.v1.CaseParty;
import org.casebridge.contracts.v1.Message;
import org.casebridge.contracts.v1.Payload;
import org.casebridge.contracts.v1.Referral;

/**
 * What the console searches a message by: the transfer letter's document number, the case number of
 * a decision or notice, and the names of the parties and suspects of a transfer. The same paths as
 * the rebuild from JSON in {@code casebridge_track_handoff(text)}.
 */
record SearchTerms(List<String> documentNumbers, List<String> caseNumbers, List<String> partyNames) {

    static final SearchTerms NONE = new SearchTerms(List.of(), List.of(), List.of());

    static SearchTerms of(Message message) {
        Payload payload = message.getPayload();
        if (payload == null) {
            return NONE;
        }
        Referral referral = payload.getReferral();
        List<String> documents = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (referral != null && referral.getTransferLetter() != null) {
            documents.add(referral.getTransferLetter().getDocumentNumber());
            referral.getTransferLetter().getParties().stream().map(CaseParty::getName).forEach(names::add);
        }
        if (referral != null && referral.getInvestigationReport() != null) {
            referral.getInvestigationReport().getSuspects().stream().map(CaseParty::getName).forEach(names::add);
        }
        List<String> cases = Stream.of(
                        payload.getDecision() == null ? null : payload.getDecision().getCaseNumber(),
                        payload.getNotice() == null ? null : payload.getNotice().getCaseNumber())
                .toList();
        return new SearchTerms(present(documents), present(cases), present(names));
    }

    SearchTerms plus(SearchTerms other) {
        return new SearchTerms(concat(documentNumbers, other.documentNumbers), concat(caseNumbers, other.caseNumbers),
                concat(partyNames, other.partyNames));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static List<String> present(List<String> values) {
        return values.stream().filter(Objects::nonNull).toList();
    }
}
