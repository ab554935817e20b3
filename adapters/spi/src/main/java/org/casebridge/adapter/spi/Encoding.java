package org.casebridge.adapter.spi;

/** The two encodings of the one contract; signed documents are produced in the caller's. */
public enum Encoding {
    JSON,
    XML
}
