package org.casebridge.bench;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Checks a sample of the gateway's signed answers with nimbus against its published keys
 * ({@code /.well-known/jwks.json}): the ES256 signature, and that the payload is exactly the signed
 * object the answer carries. Samples are kept during the load and checked after it, so the checking
 * does not compete with the measurement.
 */
final class ReceiptVerifier {

    /** A signed object as it came: its canonical bytes (null if not at hand) and its compact JWS. */
    record Sample(byte[] signedObject, String jws, String expectedMessageId) {
    }

    private final int limit;
    private final double probability;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();

    ReceiptVerifier(int limit, double probability) {
        this.limit = limit;
        this.probability = probability;
    }

    private final java.util.concurrent.atomic.AtomicInteger offered = new java.util.concurrent.atomic.AtomicInteger();

    /** The first few answers, then a random share of them, up to the limit. */
    boolean wantSample() {
        return samples.size() < limit
                && (offered.incrementAndGet() <= 5 || ThreadLocalRandom.current().nextDouble() < probability);
    }

    void add(Sample sample) {
        if (samples.size() < limit) {
            samples.add(sample);
        }
    }

    int size() {
        return samples.size();
    }

    /**
     * Takes {@code {"<name>": <signed object>, "jws": "..."}} as the gateway writes it (the object
     * being the exact canonical bytes the JWS covers).
     */
    static Sample fromSignedBody(byte[] body, int length, String expectedMessageId) {
        String text = new String(body, 0, length, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        int jwsAt = text.lastIndexOf(",\"jws\":\"");
        if (!text.startsWith("{\"") || colon < 0 || jwsAt < 0) {
            throw new IllegalArgumentException("not a signed document: " + abbreviate(text));
        }
        String object = text.substring(colon + 1, jwsAt);
        String jws = text.substring(jwsAt + 8, text.indexOf('"', jwsAt + 8));
        return new Sample(object.getBytes(StandardCharsets.UTF_8), jws, expectedMessageId);
    }

    /** @return problems found, empty if every sample verified */
    List<String> verifyAll(HttpConnection gateway, Result result) throws IOException {
        List<String> problems = new java.util.ArrayList<>();
        if (samples.isEmpty()) {
            return problems;
        }
        JWKSet keys = fetchKeys(gateway);
        Map<String, ECDSAVerifier> verifiers = new ConcurrentHashMap<>();
        int verified = 0;
        for (Sample sample : samples) {
            try {
                JWSObject jws = JWSObject.parse(sample.jws());
                String kid = jws.getHeader().getKeyID();
                ECDSAVerifier verifier = verifiers.computeIfAbsent(kid == null ? "" : kid, id -> {
                    JWK key = keys.getKeyByKeyId(id);
                    if (key == null) {
                        throw new IllegalStateException("no key " + id + " in /.well-known/jwks.json");
                    }
                    try {
                        return new ECDSAVerifier((ECKey) key);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                if (!jws.verify(verifier)) {
                    problems.add("bad signature: " + abbreviate(sample.jws()));
                    continue;
                }
                byte[] payload = jws.getPayload().toBytes();
                if (sample.signedObject() != null && !Arrays.equals(payload, sample.signedObject())) {
                    problems.add("the JWS payload differs from the signed object in the answer");
                    continue;
                }
                if (sample.expectedMessageId() != null
                        && !new String(payload, StandardCharsets.UTF_8).contains("\"messageId\":\"" + sample.expectedMessageId() + "\"")) {
                    problems.add("the signed receipt names another message than " + sample.expectedMessageId());
                    continue;
                }
                verified++;
            } catch (Exception e) {
                problems.add("cannot verify: " + e.getMessage());
            }
        }
        result.extra("jwsVerified", verified + " of " + samples.size() + " sampled");
        for (String p : problems) {
            result.fail("JWS " + p);
        }
        return problems;
    }

    static JWKSet fetchKeys(HttpConnection gateway) throws IOException {
        int status = gateway.begin("GET /.well-known/jwks.json").send();
        if (status != 200) {
            throw new IOException("GET /.well-known/jwks.json answered " + status);
        }
        try {
            return JWKSet.parse(gateway.bodyText());
        } catch (java.text.ParseException e) {
            throw new IOException("unreadable JWKS: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
