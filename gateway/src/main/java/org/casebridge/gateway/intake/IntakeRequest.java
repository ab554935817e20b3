package org.casebridge.gateway.intake;

import java.util.List;
import org.casebridge.adapter.spi.AttachmentPort;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.contracts.v1.Message;

/** What a transport hands to the pipeline. */
record IntakeRequest(Caller caller, Message message, Encoding encoding, List<AttachmentPort.Staged> content) {
}
