package org.casebridge.gateway.console;

import java.util.Arrays;
import java.util.Optional;
import org.casebridge.contracts.v1.MessageType;

/**
 * The steps a person can take from a handoff page. Each but acknowledging is a message through
 * intake, exactly as an agency system would send it; the names are the URL segments and element ids.
 */
enum ConsoleAction {
    ACKNOWLEDGE("acknowledge", null),
    REQUEST_SUPPLEMENT("request-supplement", MessageType.DEFICIENCY_NOTICE),
    DECIDE_REGISTER("decide-register", MessageType.DECISION),
    DECIDE_REFUSE("decide-refuse", MessageType.DECISION),
    ESCALATE("escalate", MessageType.SUPERVISION_REQUEST);

    private final String slug;
    private final MessageType messageType;

    ConsoleAction(String slug, MessageType messageType) {
        this.slug = slug;
        this.messageType = messageType;
    }

    String slug() {
        return slug;
    }

    /** The message the step sends; null for acknowledging, which sends none. */
    MessageType messageType() {
        return messageType;
    }

    static Optional<ConsoleAction> of(String slug) {
        return Arrays.stream(values()).filter(a -> a.slug.equals(slug)).findFirst();
    }
}
