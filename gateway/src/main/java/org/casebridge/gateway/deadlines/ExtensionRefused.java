package org.casebridge.gateway.deadlines;

/** An extension was applied that the clock does not allow, or more often than it allows. */
public final class ExtensionRefused extends RuntimeException {

    ExtensionRefused(String message) {
        super(message);
    }
}
