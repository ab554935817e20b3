package org.casebridge.verifier;

/** A check that did not pass, with the reason a person can act on. */
final class Invalid extends Exception {

    Invalid(String reason) {
        super(reason, null, false, false);
    }
}
