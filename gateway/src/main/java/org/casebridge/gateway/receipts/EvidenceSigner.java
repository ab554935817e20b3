package org.casebridge.gateway.receipts;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import java.security.interfaces.ECPrivateKey;
import org.springframework.stereotype.Component;

/**
 * Signs evidence manifests with the gateway's active key, and hands out every key it ever used,
 * so an exported case carries what verifies it.
 */
@Component
public class EvidenceSigner {

    static final JOSEObjectType MANIFEST = new JOSEObjectType("casebridge-evidence+json");

    private final SigningKeys keys;
    private final ECDSASigner signer;
    private final JWSHeader header;

    EvidenceSigner(SigningKeys keys) {
        this.keys = keys;
        try {
            this.signer = new ECDSASigner((ECPrivateKey) keys.active().privateKey());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        this.header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keys.active().kid()).type(MANIFEST).build();
    }

    /** Compact ES256 JWS whose payload is exactly the given canonical JSON bytes. */
    public String signManifest(byte[] canonicalJson) {
        JWSObject jws = new JWSObject(header, new Payload(canonicalJson));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign", e);
        }
        return jws.serialize();
    }

    /** The published JWK set, as at {@code /.well-known/jwks.json}. */
    public String jwksJson() {
        return keys.publicJwks().toString(true);
    }

    /** The published certificates, as at {@code /.well-known/casebridge/certificates.pem}. */
    public String certificatesPem() {
        return keys.certificatesPem();
    }
}
