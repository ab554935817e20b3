package org.casebridge.adapter.soap;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import org.apache.cxf.ws.security.wss4j.DefaultCryptoCoverageChecker;
import org.apache.cxf.ws.security.wss4j.WSS4JInInterceptor;
import org.apache.wss4j.common.ConfigurationConstants;
import org.apache.wss4j.common.crypto.Crypto;
import org.apache.wss4j.common.crypto.Merlin;
import org.casebridge.adapter.spi.CertificateIdentities;

/**
 * WS-Security for agencies that sign instead of holding tokens: the request carries a timestamp
 * and an X.509 signature over it and over the SOAP Body, made with the certificate the agency
 * configured. Attachment content needs no signature of its own: the signed body declares each
 * attachment's SHA-256, and the gateway checks the content against it.
 */
final class SignedRequests {

    private static final String CRYPTO = "casebridge.agencyCertificates";

    private SignedRequests() {
    }

    static WSS4JInInterceptor verifier(CertificateIdentities certificates) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConfigurationConstants.ACTION, ConfigurationConstants.TIMESTAMP + " " + ConfigurationConstants.SIGNATURE);
        settings.put(ConfigurationConstants.SIG_VER_PROP_REF_ID, CRYPTO);
        settings.put(CRYPTO, trustStore(certificates));
        settings.put(ConfigurationConstants.TIMESTAMP_STRICT, "true");
        settings.put(ConfigurationConstants.TTL_TIMESTAMP, "300");
        settings.put(ConfigurationConstants.IS_BSP_COMPLIANT, "true");
        return new WSS4JInInterceptor(settings);
    }

    /** Refuses a request whose signature leaves out the Body or the Timestamp. */
    static DefaultCryptoCoverageChecker coverage() {
        return new DefaultCryptoCoverageChecker();
    }

    /** Exactly the agencies' certificates, each trusted directly: no other certificate, whoever issued it. */
    private static Crypto trustStore(CertificateIdentities certificates) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int index = 0;
            for (X509Certificate certificate : certificates.trusted()) {
                store.setCertificateEntry("agency-" + index++, certificate);
            }
            Merlin merlin = new Merlin();
            merlin.setTrustStore(store);
            return merlin;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot load the agencies' certificates", e);
        }
    }
}
