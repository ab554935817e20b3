package org.casebridge.gateway.intake;

import org.casebridge.adapter.spi.IntakePort.Submitted;

/** The entry of the intake flow; Spring Integration implements it. */
interface IntakePipeline {

    Submitted submit(IntakeRequest request);
}
