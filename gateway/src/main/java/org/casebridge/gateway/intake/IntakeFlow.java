package org.casebridge.gateway.intake;

import org.casebridge.gateway.storage.StorageGuard;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * The intake pipeline behind every transport: validate, authorize, admit, guard, record. It runs
 * on the caller's thread, so a refusal reaches the caller as it happens and the receipt is
 * returned only once the message is stored and routed. The guard comes after admission so that a
 * repeated message still gets its original receipt while the disk is full.
 */
@Configuration(proxyBeanMethods = false)
class IntakeFlow {

    @Bean
    IntegrationFlow intakePipeline(ContractRules contract, SenderAuthorization authorization,
            HandoffAdmission admission, StorageGuard storage, Recorder recorder) {
        return IntegrationFlow.from(IntakePipeline.class, gateway -> gateway.beanName("intakePipelineGateway"))
                .handle(IntakeRequest.class, (request, headers) -> contract.validate(request), e -> e.id("validate"))
                .handle(Submission.class, (submission, headers) -> authorization.authorize(submission), e -> e.id("authorize"))
                .handle(Submission.class, (submission, headers) -> admission.admit(submission), e -> e.id("admit"))
                .handle(Admission.class, (admitted, headers) -> guard(storage, admitted), e -> e.id("guard"))
                .handle(Admission.class, (admitted, headers) -> recorder.record(admitted), e -> e.id("record"))
                .get();
    }

    /** Room on every disk and a broker taking dispatches, for a message about to be recorded. */
    private static Admission guard(StorageGuard storage, Admission admission) {
        if (admission instanceof Admission.Admitted) {
            storage.requireRoomForMessage();
        }
        return admission;
    }
}
