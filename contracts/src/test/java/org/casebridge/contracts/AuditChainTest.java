package org.casebridge.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.casebridge.contracts.audit.AuditChain;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chain rule against values computed outside Java (Python's json and hashlib, 2026-11-28),
 * so the gateway and the offline verifier cannot drift together from the documented rule.
 */
class AuditChainTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void bodyDigestAndLinkMatchAnIndependentComputation() {
        String body = AuditChain.body(1, Instant.parse("2026-11-28T01:02:03.456789Z"), "MESSAGE_ACCEPTED", "hohhot-amr",
                "message:m-1", "h-1", JSON.readTree("{\"type\":\"REFERRAL_SUBMIT\",\"名\":\"案\",\"sha256\":\"ab\"}"), "node-1");

        assertThat(body).isEqualTo("{\"actor\":\"hohhot-amr\",\"at\":\"2026-11-28T01:02:03.456Z\",\"details\":{\"sha256\":\"ab\","
                + "\"type\":\"REFERRAL_SUBMIT\",\"名\":\"案\"},\"entryId\":1,\"handoffId\":\"h-1\",\"kind\":\"MESSAGE_ACCEPTED\","
                + "\"node\":\"node-1\",\"target\":\"message:m-1\"}");
        String digest = AuditChain.digest(body);
        assertThat(digest).isEqualTo("0db469c6136112f76f17ecad1d0641fef08acc2de6e7a02294b8eea1fa99d083");
        assertThat(AuditChain.link(AuditChain.GENESIS, digest)).isEqualTo("6d58460e18c0272bd026725f37f927cc835f421267eead10cc8962e8f6543ea5");
    }

    @Test
    void absentValuesAreNullsAndDetailsMustBeAnObject() {
        String body = AuditChain.body(2, Instant.parse("2026-11-28T00:00:00Z"), "CONFIGURATION_LOADED", "gateway", null, null,
                JSON.createObjectNode(), "node-1");
        assertThat(body).contains("\"handoffId\":null", "\"target\":null", "\"at\":\"2026-11-28T00:00:00.000Z\"");
        assertThatThrownBy(() -> AuditChain.body(3, Instant.now(), "X", "a", null, null, JSON.readTree("[1]"), "n"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
