package org.casebridge.gateway.receipts;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.casebridge.gateway.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The gateway's signing keys, from a PKCS#12 keystore. One entry signs; all stay published, so
 * receipts signed before a key rotation still verify.
 */
@Component
class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final SigningKey active;
    private final List<SigningKey> all;

    SigningKeys(SigningProperties properties, GatewayProperties gateway, Clock clock) {
        Path file = properties.keystore() != null ? properties.keystore() : gateway.dataPath("keys").resolve("signing.p12");
        if (properties.password() == null || properties.password().isEmpty()) {
            throw new IllegalStateException("casebridge.signing.password must be set");
        }
        char[] password = properties.password().toCharArray();
        try {
            if (!Files.exists(file)) {
                if (!properties.generateIfMissing()) {
                    throw new IllegalStateException("signing keystore " + file + " does not exist; provide one, "
                            + "or set casebridge.signing.generate-if-missing=true for a demo");
                }
                generate(file, password, properties.activeAlias(), gateway.id(), clock);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, password);
            }
            List<SigningKey> keys = new ArrayList<>();
            SigningKey activeKey = null;
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                X509Certificate certificate = (X509Certificate) store.getCertificate(alias);
                SigningKey key = new SigningKey(thumbprint(certificate), (PrivateKey) store.getKey(alias, password), certificate);
                keys.add(key);
                if (alias.equals(properties.activeAlias())) {
                    activeKey = key;
                }
            }
            if (activeKey == null) {
                throw new IllegalStateException("keystore " + file + " has no key entry " + properties.activeAlias());
            }
            this.active = activeKey;
            this.all = List.copyOf(keys);
            log.info("Signing with key {} ({} keys published) from {}", active.kid(), all.size(), file);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load signing keystore " + file + ": " + e.getMessage(), e);
        }
    }

    SigningKey active() {
        return active;
    }

    List<SigningKey> all() {
        return all;
    }

    /** The public keys as a JWK set, each with its certificate in x5c. */
    JWKSet publicJwks() {
        List<JWK> keys = new ArrayList<>();
        for (SigningKey key : all) {
            try {
                keys.add(new ECKey.Builder(ECKey.parse(key.certificate()))
                        .keyID(key.kid())
                        .keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE)
                        .algorithm(com.nimbusds.jose.JWSAlgorithm.ES256)
                        .x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(key.certificate().getEncoded())))
                        .build());
            } catch (JOSEException | java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return new JWKSet(keys);
    }

    String certificatesPem() {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes());
        for (SigningKey key : all) {
            try {
                pem.append("-----BEGIN CERTIFICATE-----\n")
                        .append(encoder.encodeToString(key.certificate().getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return pem.toString();
    }

    private static String thumbprint(X509Certificate certificate) throws GeneralSecurityException {
        if (!(certificate.getPublicKey() instanceof ECPublicKey)) {
            throw new GeneralSecurityException("signing keys must be EC P-256 (ES256)");
        }
        try {
            return ECKey.parse(certificate).computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static void generate(Path file, char[] password, String alias, String gatewayId, Clock clock)
            throws IOException, GeneralSecurityException {
        SelfSignedCertificates.Generated generated = SelfSignedCertificates.generate(gatewayId + " receipts", clock.instant());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, password);
        store.setKeyEntry(alias, generated.keyPair().getPrivate(), password, new Certificate[] {generated.certificate()});
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            store.store(out, password);
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        log.warn("Generated a new self-signed signing key in {}; fine for a demo, not for production", file);
    }
}
