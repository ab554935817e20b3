package org.casebridge.gateway.evidence;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.casebridge.contracts.audit.AuditChain;
import org.casebridge.contracts.codec.CanonicalJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stands in for the audit writer, sealer and checkpoint signer (built elsewhere) by filling the
 * three audit tables with plain SQL, the chain rule of {@link AuditChain}, and the gateway's own
 * signing key: exactly the rows the export reads. Replace with the real sealer once it exists.
 */
final class AuditChainFixture {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Path keystore;
    private final String gateway;

    AuditChainFixture(JdbcClient jdbc, Path dataDir, String gateway) {
        this.jdbc = jdbc;
        this.keystore = dataDir.resolve("keys").resolve("signing.p12");
        this.gateway = gateway;
    }

    /** Appends an entry as a writer would: time in milliseconds, details as canonical JSON. */
    long append(String kind, String actor, String target, String handoffId, ObjectNode details) {
        return jdbc.sql("""
                        INSERT INTO audit_entry (at, kind, actor, target, handoff_id, details, node)
                        VALUES (?, ?, ?, ?, ?, ?, 'casebridge/node-1') RETURNING entry_id""")
                .params(Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS)), kind, actor, target, handoffId,
                        CanonicalJson.text(details))
                .query(Long.class).single();
    }

    static ObjectNode details(String... keysAndValues) {
        ObjectNode details = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            details.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return details;
    }

    /** Links every entry not yet in the chain, in entry order, as the sealer would. */
    void sealAll() {
        List<Long> unsealed = jdbc.sql("""
                        SELECT entry_id FROM audit_entry e WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.entry_id = e.entry_id)
                        ORDER BY entry_id""").query(Long.class).list();
        for (long entryId : unsealed) {
            String body = jdbc.sql("SELECT * FROM audit_entry WHERE entry_id = ?").param(entryId)
                    .query((rs, n) -> AuditChain.body(rs.getLong("entry_id"), rs.getTimestamp("at").toInstant(),
                            rs.getString("kind"), rs.getString("actor"), rs.getString("target"), rs.getString("handoff_id"),
                            JSON.readTree(rs.getString("details")), rs.getString("node")))
                    .single();
            var head = jdbc.sql("SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1")
                    .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).optional();
            long seq = head.map(h -> (Long) h[0] + 1).orElse(1L);
            String prev = head.map(h -> (String) h[1]).orElse(AuditChain.GENESIS);
            String digest = AuditChain.digest(body);
            jdbc.sql("INSERT INTO audit_chain (seq, entry_id, body_digest, prev_hash, hash, sealed_at) VALUES (?, ?, ?, ?, ?, now())")
                    .params(seq, entryId, digest, prev, AuditChain.link(prev, digest)).update();
        }
    }

    /** Signs the chain's head with the gateway's key, as the checkpoint signer would; returns its seq. */
    long checkpoint() throws Exception {
        Object[] head = jdbc.sql("SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).single();
        Instant signedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode payload = JSON.createObjectNode().put("gateway", gateway).put("hash", (String) head[1])
                .put("seq", (Long) head[0]).put("signedAt", signedAt.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "test-keystore".toCharArray());
        }
        X509Certificate certificate = (X509Certificate) store.getCertificate("casebridge-signing");
        ECPrivateKey key = (ECPrivateKey) store.getKey("casebridge-signing", "test-keystore".toCharArray());
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(ECKey.parse(certificate).computeThumbprint().toString())
                .type(new JOSEObjectType("casebridge-checkpoint+json")).build(), new Payload(CanonicalJson.bytes(payload)));
        jws.sign(new ECDSASigner(key));
        jdbc.sql("INSERT INTO audit_checkpoint (seq, hash, signed_at, jws) VALUES (?, ?, ?, ?)")
                .params(head[0], head[1], Timestamp.from(signedAt), jws.serialize()).update();
        return (Long) head[0];
    }

    static JsonNode parse(String json) {
        return JSON.readTree(json);
    }
}
