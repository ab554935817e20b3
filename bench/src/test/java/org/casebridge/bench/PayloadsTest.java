package org.casebridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.casebridge.contracts.codec.ContractJson;
import org.casebridge.contracts.codec.JsonContractValidator;
import org.casebridge.contracts.codec.XmlContractValidator;
import org.casebridge.contracts.v1.Message;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The generated transfers are what the gateway accepts: both of the contract's schemas pass them. */
class PayloadsTest {

    @Test
    void paddedTransfersKeepToTheContractAndTheirSize() {
        for (int target : List.of(2048, 204_800)) {
            Payloads.Template template = Payloads.transfer(Payloads.PAIRS.get(1), 1, target, "t1", List.of());
            assertThat(template.size()).isBetween(target - 200, target + 10);
            byte[] body = template.copy();
            template.patch(body, 42);
            JsonNode tree = ContractJson.mapper().readTree(body);
            assertThat(JsonContractValidator.validate("Message", tree)).isEmpty();
            assertThat(XmlContractValidator.validate(ContractJson.fromTree(tree, Message.class))).isEmpty();
            assertThat(tree.get("messageId").asString()).isEqualTo(template.messageId(42));
            assertThat(tree.get("handoffId").asString()).isEqualTo(template.handoffId(42));
            assertThat(tree.get("sender").get("agency").asString()).isEqualTo("baotou-tax");
            assertThat(tree.get("recipient").get("agency").asString()).isEqualTo("baotou-psb");
            assertThat(tree.get("copyTo").get(0).get("agency").asString()).isEqualTo("baotou-procuratorate");
        }
    }

    @Test
    void aTransferCanNameAnAttachment() {
        String sha = "ab".repeat(32);
        Payloads.Template template = Payloads.transfer(Payloads.PAIRS.getFirst(), 0, 2048, "t2",
                List.of(new Payloads.AttachmentRef("x.mp4", "video/mp4", 1L << 30, sha)));
        byte[] body = template.copy();
        template.patch(body, 1);
        JsonNode tree = ContractJson.mapper().readTree(body);
        assertThat(JsonContractValidator.validate("Message", tree)).isEmpty();
        assertThat(new String(body, StandardCharsets.UTF_8)).contains(sha).contains("\"size\":1073741824");
    }
}
