package org.casebridge.gateway.receipts;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.util.Optional;
import org.casebridge.gateway.audit.ChainSignatures;
import org.springframework.stereotype.Component;

/** The audit chain's checkpoints, signed with the gateway's active key and checked against every published key. */
@Component
class CheckpointSignatures implements ChainSignatures {

    static final JOSEObjectType CHECKPOINT = new JOSEObjectType("casebridge-checkpoint+json");

    private final SigningKeys keys;

    CheckpointSignatures(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    public String sign(byte[] canonicalJson) {
        SigningKey key = keys.active();
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.kid()).type(CHECKPOINT).build(),
                new Payload(canonicalJson));
        try {
            jws.sign(new ECDSASigner((ECPrivateKey) key.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a checkpoint", e);
        }
        return jws.serialize();
    }

    @Override
    public Optional<byte[]> verify(String compact) {
        try {
            JWSObject jws = JWSObject.parse(compact);
            if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            for (SigningKey key : keys.all()) {
                if (key.kid().equals(jws.getHeader().getKeyID())
                        && jws.verify(new ECDSAVerifier((ECPublicKey) key.certificate().getPublicKey()))) {
                    return Optional.of(jws.getPayload().toBytes());
                }
            }
            return Optional.empty();
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
