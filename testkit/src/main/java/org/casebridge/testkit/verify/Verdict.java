package org.casebridge.testkit.verify;

import java.util.Objects;

/**
 * What an independent verifier said about one signed document.
 *
 * @param valid  true only when the tool itself accepted the signature (exit code 0 and its success line)
 * @param tool   the command that judged, with the temp file names replaced by what they held
 * @param output everything the tool printed (stdout and stderr), trimmed
 */
public record Verdict(boolean valid, String tool, String output) {

    public Verdict {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(output, "output");
    }

    /** Returns this verdict, or throws an {@link AssertionError} that quotes the tool when it was not valid. */
    public Verdict requireValid() {
        if (!valid) {
            throw new AssertionError("expected a valid signature, but " + this);
        }
        return this;
    }

    /** Returns this verdict, or throws an {@link AssertionError} that quotes the tool when it was valid. */
    public Verdict requireInvalid() {
        if (valid) {
            throw new AssertionError("expected the signature to be rejected, but " + this);
        }
        return this;
    }

    @Override
    public String toString() {
        return (valid ? "VALID" : "INVALID") + " according to `" + tool + "`:\n" + output.indent(4).stripTrailing();
    }
}
