package org.casebridge.gateway.receipts;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param keystore         PKCS#12 file with the signing keys; defaults to {@code <data-dir>/keys/signing.p12}
 * @param password         its password (also the key password)
 * @param activeAlias      the entry that signs; every other entry stays published for verification
 * @param generateIfMissing create a key and a self-signed certificate on first start (demo and tests only)
 */
@ConfigurationProperties("casebridge.signing")
public record SigningProperties(
        Path keystore,
        String password,
        @DefaultValue("casebridge-signing") String activeAlias,
        @DefaultValue("false") boolean generateIfMissing) {
}
