package org.casebridge.gateway.receipts;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A key of the gateway: its JWK thumbprint as key id, and the certificate that publishes it. */
record SigningKey(String kid, PrivateKey privateKey, X509Certificate certificate) {
}
