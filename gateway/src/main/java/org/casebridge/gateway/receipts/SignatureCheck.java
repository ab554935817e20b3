package org.casebridge.gateway.receipts;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import org.springframework.stereotype.Component;

/**
 * Checks a compact JWS of the gateway's against the public keys it publishes at
 * {@code /.well-known/jwks.json}, as anyone outside would, and that it signs exactly the record
 * kept beside it. Never throws for a bad signature: that is an answer, not an error.
 */
@Component
public class SignatureCheck {

    private final SigningKeys keys;

    SignatureCheck(SigningKeys keys) {
        this.keys = keys;
    }

    /**
     * @param compactJws the signature as stored; null or blank when there is none
     * @param signedJson the record it should sign (RFC 8785 canonical JSON), as stored
     */
    public Verification verify(String compactJws, String signedJson) {
        if (compactJws == null || compactJws.isBlank()) {
            return new Verification(Status.UNSIGNED, null, "no signature");
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(compactJws);
        } catch (ParseException e) {
            return new Verification(Status.INVALID, null, "not a compact JWS");
        }
        String kid = jws.getHeader().getKeyID();
        if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
            return new Verification(Status.INVALID, kid, "algorithm " + jws.getHeader().getAlgorithm() + " is not ES256");
        }
        JWK key = kid == null ? null : keys.publicJwks().getKeyByKeyId(kid);
        if (!(key instanceof ECKey ecKey)) {
            return new Verification(Status.INVALID, kid, "no published key " + kid);
        }
        try {
            if (!jws.verify(new ECDSAVerifier(ecKey.toECPublicKey()))) {
                return new Verification(Status.INVALID, kid, "the signature does not verify");
            }
        } catch (JOSEException | IllegalStateException e) {
            return new Verification(Status.INVALID, kid, "the signature cannot be checked: " + e.getMessage());
        }
        if (signedJson != null && !MessageDigest.isEqual(jws.getPayload().toBytes(), signedJson.getBytes(StandardCharsets.UTF_8))) {
            return new Verification(Status.INVALID, kid, "the stored record differs from what was signed");
        }
        return new Verification(Status.VALID, kid, "signed by the gateway");
    }

    public enum Status {
        VALID, INVALID, UNSIGNED
    }

    /**
     * @param kid    the key id the signature names; null when it names none
     * @param detail why, in a few words (English, for the record's tooltip)
     */
    public record Verification(Status status, String kid, String detail) {
    }
}
