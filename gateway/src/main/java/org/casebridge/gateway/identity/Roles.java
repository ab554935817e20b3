package org.casebridge.gateway.identity;

/** The realm roles the gateway understands. */
public final class Roles {

    public static final String AGENCY_SYSTEM = "agency-system";
    public static final String LIAISON_OFFICER = "liaison-officer";
    public static final String PROSECUTOR = "prosecutor";
    public static final String AUDITOR = "auditor";
    public static final String OPERATOR = "operator";

    private Roles() {
    }
}
