package org.casebridge.gateway.deadlines;

import java.util.Objects;

/** An extension that was approved for one clock; list it once per approval. */
public record AppliedExtension(String id) {

    public AppliedExtension {
        Objects.requireNonNull(id, "id");
    }

    public static AppliedExtension of(String id) {
        return new AppliedExtension(id);
    }
}
