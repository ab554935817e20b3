package org.casebridge.testkit.keycloak;

/** Keycloak refused a token request; carries the HTTP status and Keycloak's error body. */
public class TokenRequestException extends RuntimeException {

    private final int status;
    private final String body;

    public TokenRequestException(String message, int status, String body) {
        super(message + ": HTTP " + status + " " + body);
        this.status = status;
        this.body = body;
    }

    /** The HTTP status Keycloak answered with. */
    public int status() {
        return status;
    }

    /** Keycloak's response body, e.g. {@code {"error":"unauthorized_client",...}}. */
    public String body() {
        return body;
    }
}
