package org.casebridge.gateway.console;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.casebridge.gateway.archive.ArchivedMessage;
import org.casebridge.gateway.archive.MessageArchive;
import org.casebridge.gateway.lifecycle.Lifecycle;
import org.casebridge.gateway.lifecycle.RecordedEvent;
import org.casebridge.gateway.receipts.SignatureCheck;
import org.casebridge.gateway.receipts.SignedRecords;
import org.springframework.stereotype.Component;

/**
 * Checks, at the moment of asking, every signature behind a handoff's timeline against the keys the
 * gateway publishes: the event records, the receipts, and the seal on each message (a message that
 * was never delivered has none yet). The caller has been allowed to read the handoff.
 */
@Component
class TimelineSignatures {

    private final Lifecycle lifecycle;
    private final MessageArchive archive;
    private final SignedRecords records;
    private final SignatureCheck check;

    TimelineSignatures(Lifecycle lifecycle, MessageArchive archive, SignedRecords records, SignatureCheck check) {
        this.lifecycle = lifecycle;
        this.archive = archive;
        this.records = records;
        this.check = check;
    }

    /** One checked signature, under the id of its badge on the page. */
    public record Checked(String signatureId, SignatureCheck.Verification verification) {
    }

    List<Checked> of(String handoffId) {
        List<Checked> checked = new ArrayList<>();
        for (ArchivedMessage message : archive.messagesOf(handoffId)) {
            String seal = records.sealOf(message.messageId()).map(SignedRecords.StoredSeal::jws).orElse(null);
            checked.add(new Checked(Timeline.signatureId("message", message.messageId()),
                    check.verify(seal, new String(message.canonicalJson(), StandardCharsets.UTF_8))));
            for (SignedRecords.StoredReceipt receipt : records.receiptsOf(message.messageId())) {
                checked.add(new Checked(Timeline.signatureId("receipt", receipt.receiptId()),
                        check.verify(receipt.jws(), receipt.canonicalJson())));
            }
        }
        for (RecordedEvent event : lifecycle.history(handoffId)) {
            checked.add(new Checked(Timeline.signatureId("event", Integer.toString(event.seq())),
                    check.verify(event.jws(), event.canonicalJson())));
        }
        return checked;
    }
}
