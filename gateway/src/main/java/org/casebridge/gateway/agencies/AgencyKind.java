package org.casebridge.gateway.agencies;

/** The role an agency plays in a handoff. */
public enum AgencyKind {
    /** Market regulation, tax, customs, environment, ...: transfers suspected crimes. */
    ADMINISTRATIVE_AGENCY,
    /** Receives transfers, registers or refuses cases. */
    POLICE,
    /** Supervises registration, reviews for prosecution. */
    PROSECUTOR
}
