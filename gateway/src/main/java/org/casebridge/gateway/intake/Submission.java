package org.casebridge.gateway.intake;

import java.time.Instant;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.contracts.v1.Message;

/**
 * A message moving through the pipeline.
 *
 * @param canonicalJson RFC 8785 bytes of the message, computed once at validation
 * @param sha256        their digest: the message digest of every receipt
 */
record Submission(Caller caller, Message message, Encoding encoding, byte[] canonicalJson, String sha256, Instant receivedAt) {
}
