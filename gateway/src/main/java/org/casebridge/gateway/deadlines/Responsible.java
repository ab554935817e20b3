package org.casebridge.gateway.deadlines;

/**
 * Who must act before a clock runs out: a party of the message that started the clock, or a kind
 * of agency. Kept here rather than borrowed from the agencies module so this module stays free of
 * dependencies.
 */
public enum Responsible {
    SENDER,
    RECIPIENT,
    ADMINISTRATIVE_AGENCY,
    POLICE,
    PROSECUTOR
}
