package org.casebridge.gateway.receipts;

import java.time.Instant;
import org.casebridge.contracts.v1.DeliveryMode;
import org.casebridge.gateway.archive.ArchivedMessage;

/** What a delivery receipt attests: this message reached this recipient, who acknowledged it then. */
public record DeliveryFacts(
        ArchivedMessage message,
        String recipient,
        String dispatchId,
        DeliveryMode mode,
        Instant acknowledgedAt,
        String acknowledgedBy) {
}
