package org.casebridge.gateway.intake;

import org.casebridge.adapter.spi.IntakePort.Submitted;

/** The outcome of admission: a new submission to record, or the answer to a repeated one. */
sealed interface Admission {

    record Admitted(Submission submission) implements Admission {
    }

    record AlreadyAccepted(Submitted original) implements Admission {
    }
}
