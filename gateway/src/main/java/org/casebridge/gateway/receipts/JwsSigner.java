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

/** ES256 compact JWS over canonical JSON bytes. */
@Component
class JwsSigner {

    static final JOSEObjectType RECEIPT = new JOSEObjectType("casebridge-receipt+json");
    static final JOSEObjectType MESSAGE = new JOSEObjectType("casebridge-message+json");
    static final JOSEObjectType EVENT = new JOSEObjectType("casebridge-event+json");

    private final SigningKey key;
    private final ECDSASigner signer;
    private final JWSHeader receiptHeader;
    private final JWSHeader messageHeader;
    private final JWSHeader eventHeader;

    JwsSigner(SigningKeys keys) {
        this.key = keys.active();
        try {
            this.signer = new ECDSASigner((ECPrivateKey) key.privateKey());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        this.receiptHeader = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.kid()).type(RECEIPT).build();
        this.messageHeader = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.kid()).type(MESSAGE).build();
        this.eventHeader = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.kid()).type(EVENT).build();
    }

    String signReceipt(byte[] canonicalJson) {
        return sign(receiptHeader, canonicalJson);
    }

    String signMessage(byte[] canonicalJson) {
        return sign(messageHeader, canonicalJson);
    }

    String signEvent(byte[] canonicalJson) {
        return sign(eventHeader, canonicalJson);
    }

    private String sign(JWSHeader header, byte[] payload) {
        JWSObject jws = new JWSObject(header, new Payload(payload));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign", e);
        }
        return jws.serialize();
    }
}
