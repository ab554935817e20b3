package org.casebridge.gateway.intake;

import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.IntakePort;
import org.casebridge.contracts.v1.Message;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.MessagingException;
import org.springframework.stereotype.Service;

/** The intake port the transports call: hands the message to the pipeline and surfaces its refusals as they are. */
@Service
class Intake implements IntakePort {

    private final IntakePipeline pipeline;

    Intake(@Lazy IntakePipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public Submitted submit(Caller caller, Message message, Encoding encoding) {
        try {
            return pipeline.submit(new IntakeRequest(caller, message, encoding));
        } catch (MessagingException e) {
            Throwable cause = e;
            while (cause instanceof MessagingException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof GatewayRejection rejection) {
                throw rejection;
            }
            throw e;
        }
    }
}
