package org.casebridge.gateway.agencies;

import java.util.List;

/** The agency file cannot be used; the gateway refuses to start rather than route to a wrong agency. */
public final class InvalidAgencyFile extends RuntimeException {

    private final List<String> problems;

    InvalidAgencyFile(String source, List<String> problems) {
        super("Agency file " + source + " is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
