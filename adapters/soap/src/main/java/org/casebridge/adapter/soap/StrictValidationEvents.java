package org.casebridge.adapter.soap;

import jakarta.xml.bind.ValidationEvent;
import jakarta.xml.bind.ValidationEventHandler;

/** Refuses what JAXB would otherwise skip quietly: unexpected elements, values it cannot parse. */
final class StrictValidationEvents implements ValidationEventHandler {

    @Override
    public boolean handleEvent(ValidationEvent event) {
        return event.getSeverity() == ValidationEvent.WARNING;
    }
}
