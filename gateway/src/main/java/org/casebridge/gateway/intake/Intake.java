package org.casebridge.gateway.intake;

import java.util.List;
import java.util.Optional;
import org.casebridge.adapter.spi.AttachmentPort;
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
public class Intake implements IntakePort {

    private final IntakePipeline pipeline;
    private final StorageGuard storage;
    private final ContractRules contract;
    private final SenderAuthorization authorization;
    private final HandoffAdmission admission;

    Intake(@Lazy IntakePipeline pipeline, StorageGuard storage, ContractRules contract, SenderAuthorization authorization,
            HandoffAdmission admission) {
        this.pipeline = pipeline;
        this.storage = storage;
        this.contract = contract;
        this.authorization = authorization;
        this.admission = admission;
    }

    /**
     * Whether the caller could submit this message now: the same stages as a submission (contract,
     * sender authorization, admission into its handoff, lifecycle) with nothing stored, routed or
     * audited. For offering only the steps the gateway would take; the submission decides again.
     *
     * @return the refusal the submission would get; empty when it would pass
     */
    public Optional<GatewayRejection> refusal(Caller caller, Message message) {
        try {
            Submission submission = contract.validate(new IntakeRequest(caller, message, Encoding.JSON, List.of()));
            authorization.check(caller, submission.message());
            admission.requireFits(submission.message());
            return Optional.empty();
        } catch (GatewayRejection rejection) {
            return Optional.of(rejection);
        }
    }

    public boolean permits(Caller caller, Message message) {
        return refusal(caller, message).isEmpty();
    }

    @Override
    public Submitted submit(Caller caller, Message message, Encoding encoding, List<AttachmentPort.Staged> content) {
        try {
            return pipeline.submit(new IntakeRequest(caller, message, encoding, List.copyOf(content)));
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
