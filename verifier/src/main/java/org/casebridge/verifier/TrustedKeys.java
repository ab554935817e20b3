package org.casebridge.verifier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keys a verification trusts, by key id. A key id is what the gateway puts in every JWS
 * header: the RFC 7638 thumbprint of the key, so certificates (PEM) and a JWK set name keys alike.
 */
final class TrustedKeys {

    private final Map<String, ECKey> byKid;
    private final String source;

    private TrustedKeys(Map<String, ECKey> byKid, String source) {
        this.byKid = byKid;
        this.source = source;
    }

    /** PEM certificates or a JWK set, told apart by their content. */
    static TrustedKeys parse(byte[] content, String source) throws Invalid {
        String text = new String(content, StandardCharsets.UTF_8).strip();
        return text.startsWith("-----BEGIN") ? fromPem(content, source) : fromJwks(text, source);
    }

    static TrustedKeys fromPem(byte[] pem, String source) throws Invalid {
        Map<String, ECKey> keys = new LinkedHashMap<>();
        try {
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem))) {
                X509Certificate x509 = (X509Certificate) certificate;
                if (x509.getPublicKey() instanceof ECPublicKey publicKey) {
                    // Built from the public key alone (ECKey.parse of a certificate needs BouncyCastle,
                    // which this jar does without); the thumbprint covers only crv, kty, x and y anyway.
                    ECKey key = new ECKey.Builder(Curve.forECParameterSpec(publicKey.getParams()), publicKey).build();
                    keys.put(key.computeThumbprint().toString(), key);
                }
            }
        } catch (CertificateException | JOSEException e) {
            throw new Invalid(source + " holds no readable certificates: " + e.getMessage());
        }
        return of(keys, source);
    }

    static TrustedKeys fromJwks(String json, String source) throws Invalid {
        Map<String, ECKey> keys = new LinkedHashMap<>();
        try {
            for (JWK jwk : JWKSet.parse(json).getKeys()) {
                if (jwk instanceof ECKey ec && !ec.isPrivate()) {
                    keys.put(ec.getKeyID() != null ? ec.getKeyID() : ec.computeThumbprint().toString(), ec);
                }
            }
        } catch (java.text.ParseException | JOSEException e) {
            throw new Invalid(source + " is not a JWK set: " + e.getMessage());
        }
        return of(keys, source);
    }

    private static TrustedKeys of(Map<String, ECKey> keys, String source) throws Invalid {
        if (keys.isEmpty()) {
            throw new Invalid(source + " holds no EC public key");
        }
        return new TrustedKeys(Map.copyOf(keys), source);
    }

    Optional<ECKey> key(String kid) {
        return Optional.ofNullable(byKid.get(kid));
    }

    /** The kid of a trusted key equal to this one, if any. */
    Optional<String> kidOf(PublicKey publicKey) {
        for (Map.Entry<String, ECKey> entry : byKid.entrySet()) {
            try {
                if (entry.getValue().toECPublicKey().equals(publicKey)) {
                    return Optional.of(entry.getKey());
                }
            } catch (JOSEException e) {
                // a key that cannot be read matches nothing
            }
        }
        return Optional.empty();
    }

    java.util.Set<String> kids() {
        return byKid.keySet();
    }

    String source() {
        return source;
    }
}
