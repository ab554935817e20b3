package org.casebridge.gateway.intake;

import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.IntakePort;
import org.casebridge.contracts.v1.Message;
import org.casebridge.gateway.storage.StorageGuard;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.MessagingException;
import org.springframework.stereotype.Service;

/**
 * The intake port the transports call: hands the message to the pipeline and surfaces its
 * refusals as they are. A failure of the store of record (or a full disk) anywhere in the
 * pipeline becomes the stable refusal that says so, never a 500: the recording transaction has
 * rolled back, so nothing of the message is kept and the sender may send it again.
 */
@Service
class Intake implements IntakePort {

    private final IntakePipeline pipeline;
    private final StorageGuard storage;

    Intake(@Lazy IntakePipeline pipeline, StorageGuard storage) {
        this.pipeline = pipeline;
        this.storage = storage;
    }

    @Override
    public Submitted submit(Caller caller, Message message, Encoding encoding) {
        try {
            return pipeline.submit(new IntakeRequest(caller, message, encoding));
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause instanceof MessagingException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof GatewayRejection rejection) {
                throw rejection;
            }
            throw storage.refusalFor(cause).orElseThrow(() -> e);
        }
    }
}
