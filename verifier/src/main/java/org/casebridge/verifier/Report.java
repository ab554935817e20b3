package org.casebridge.verifier;

import java.io.PrintStream;

/** The verifier's report: one line per check, and the first failure remembered to be named at the end. */
final class Report {

    private final PrintStream out;
    private String firstFailure;
    private int failures;
    private int warnings;
    private int passed;

    Report(PrintStream out) {
        this.out = out;
    }

    void ok(String check, String detail) {
        passed++;
        out.println("OK    " + check + (detail == null || detail.isEmpty() ? "" : ": " + detail));
    }

    void fail(String check, String reason) {
        failures++;
        if (firstFailure == null) {
            firstFailure = check + ": " + reason;
        }
        out.println("FAIL  " + check + ": " + reason);
    }

    /** Something that verifies as far as it goes, but proves less than it could (such as a chain not yet covered). */
    void warn(String check, String reason) {
        warnings++;
        out.println("WARN  " + check + ": " + reason);
    }

    void note(String text) {
        out.println("NOTE  " + text);
    }

    boolean failed() {
        return failures > 0;
    }

    int failures() {
        return failures;
    }

    int warnings() {
        return warnings;
    }

    int passed() {
        return passed;
    }

    String firstFailure() {
        return firstFailure;
    }
}
