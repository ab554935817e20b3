package org.casebridge.gateway.support;

import java.nio.charset.StandardCharsets;
import org.casebridge.testkit.verify.IndependentVerifiers;
import org.casebridge.testkit.verify.Verdict;

/** The gateway's published keys, and the verdicts of the independent tools that use them. */
public final class GatewayKeys {

    private final byte[] jwks;
    private final byte[] certificates;

    private GatewayKeys(byte[] jwks, byte[] certificates) {
        this.jwks = jwks;
        this.certificates = certificates;
    }

    /** Fetched as anyone would: no token, from the well-known addresses. */
    public static GatewayKeys of(AgencyRest anyClient, String baseUrl) {
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            byte[] jwks = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/.well-known/jwks.json")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
            byte[] pem = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/.well-known/casebridge/certificates.pem")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
            return new GatewayKeys(jwks, pem);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** npm jose + canonicalize over {"name": {...}, "jws": "..."}. */
    public Verdict verifyJson(String signedJson, String name) {
        return IndependentVerifiers.verifyJws(jwks, signedJson.getBytes(StandardCharsets.UTF_8), name);
    }

    /** xmlsec1 over a standalone signed XML document. */
    public Verdict verifyXml(byte[] signedXml) {
        return IndependentVerifiers.verifyXml(certificates, signedXml);
    }

    public byte[] certificatesPem() {
        return certificates.clone();
    }
}
