package org.casebridge.gateway.intake;

import java.time.Instant;
import java.util.List;
import org.casebridge.adapter.spi.AttachmentPort;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.contracts.v1.Message;

/**
 * A message moving through the pipeline.
 *
 * @param canonicalJson RFC 8785 bytes of the message, computed once at validation
 * @param sha256        their digest: the message digest of every receipt
 * @param content       attachments that came with the message (SOAP MTOM), recorded only with it
 */
record Submission(Caller caller, Message message, Encoding encoding, byte[] canonicalJson, String sha256, Instant receivedAt,
        List<AttachmentPort.Staged> content) {
}
