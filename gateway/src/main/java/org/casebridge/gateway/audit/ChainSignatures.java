package org.casebridge.gateway.audit;

import java.util.Optional;

/**
 * Signs checkpoints with the gateway's key and checks them again. Implemented where the keys live
 * (receipts), so that this module depends on no other.
 */
public interface ChainSignatures {

    /** An ES256 compact JWS over the given RFC 8785 canonical JSON. */
    String sign(byte[] canonicalJson);

    /** The payload of a JWS made with one of the gateway's keys, or empty if its signature does not verify. */
    Optional<byte[]> verify(String jws);
}
