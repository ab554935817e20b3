package org.casebridge.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.casebridge.contracts.codec.ContractJson;
import org.casebridge.contracts.codec.ContractViolation;
import org.casebridge.contracts.codec.JsonContractValidator;
import org.casebridge.contracts.codec.XmlContractValidator;
import org.casebridge.contracts.v1.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Both validators refuse the same broken messages and name the field that is wrong. */
class InvalidMessagesTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "/messageId                         | 'has space'     | /messageId              | Message/messageId",
            "/sender/agency                     | 'UPPER'         | /sender/agency          | Message/sender/agency",
            "/attachments/0/sha256              | 'abc'           | /attachments/0/sha256   | Message/attachment/sha256",
            "/attachments/0/name                | 'a/../../etc'   | /attachments/0/name     | Message/attachment/name",
            "/attachments/0/mediaType           | 'video'         | /attachments/0/mediaType | Message/attachment/mediaType",
            "/payload/referral/seizedItems/0/quantity | '1e3'     | /payload/referral/seizedItems/0/quantity | Message/payload/referral/seizedItem/quantity",
            "/marking/value                     | 'PURPLE'        | /marking/value          | Message/marking/value",
    })
    void brokenFieldIsNamedByBothEncodings(String pointer, String badValue, String jsonField, String xmlField) throws Exception {
        JsonNode message = ContractExamplesTest.readJson("referral-submit");
        set(message, pointer, badValue);

        List<ContractViolation> json = JsonContractValidator.validate("Message", message);
        assertThat(json).extracting(ContractViolation::field).contains(jsonField);

        Message model = ContractJson.fromTree(message, Message.class);
        List<ContractViolation> xml = XmlContractValidator.validate(model);
        assertThat(xml).extracting(ContractViolation::field).contains(xmlField);
        assertThat(xml).allSatisfy(v -> assertThat(v.message()).doesNotStartWith("cvc-"));
    }

    @ParameterizedTest
    @CsvSource({"/messageId", "/payload", "/sender", "/sentAt"})
    void missingRequiredFieldIsNamed(String pointer) throws Exception {
        JsonNode message = ContractExamplesTest.readJson("referral-submit");
        ((ObjectNode) message).remove(pointer.substring(1));

        assertThat(JsonContractValidator.validate("Message", message))
                .extracting(ContractViolation::field).contains(pointer);
        Message model = ContractJson.fromTree(message, Message.class);
        assertThat(XmlContractValidator.validate(model))
                .anySatisfy(v -> assertThat(v.message()).contains(pointer.substring(1)));
    }

    @org.junit.jupiter.api.Test
    void timestampWithoutZoneIsRefusedInBothEncodings() throws Exception {
        JsonNode message = ContractExamplesTest.readJson("referral-submit");
        ((ObjectNode) message).put("sentAt", "2026-11-20T09:30:00");
        assertThat(JsonContractValidator.validate("Message", message))
                .extracting(ContractViolation::field).contains("/sentAt");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContractJson.fromTree(message, Message.class))
                .hasMessageContaining("sentAt");

        String xml = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(
                "src/main/resources/casebridge/v1/examples/referral-submit.xml")), java.nio.charset.StandardCharsets.UTF_8)
                .replace("<cb:sentAt>2026-11-20T09:30:00+08:00</cb:sentAt>", "<cb:sentAt>2026-11-20T09:30:00</cb:sentAt>");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.casebridge.contracts.codec.ContractXml.fromNode(
                        org.casebridge.contracts.codec.ContractXml.parse(new java.io.ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                        Message.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void enumerationsAreSpeltAsInTheSchemaInBothEncodings() throws Exception {
        JsonNode message = ContractExamplesTest.readJson("referral-submit");
        ((ObjectNode) message.get("marking")).put("scheme", "UK_3X5X2").put("value", "1A-P");
        assertThat(JsonContractValidator.validate("Message", message)).isEmpty();
        Message model = ContractJson.fromTree(message, Message.class);
        assertThat(model.getMarking().getScheme()).isEqualTo(org.casebridge.contracts.v1.MarkingScheme.UK_3_X_5_X_2);
        assertThat(ContractJson.toTree(model).at("/marking/scheme").asString()).isEqualTo("UK_3X5X2");
        assertThat(XmlContractValidator.validate(model)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void payloadMustHoldExactlyOneDocument() throws Exception {
        JsonNode message = ContractExamplesTest.readJson("referral-submit");
        ((ObjectNode) message.get("payload")).putObject("decision").put("outcome", "REGISTER");
        assertThat(JsonContractValidator.validate("Message", message))
                .extracting(ContractViolation::field).contains("/payload");
    }

    private static void set(JsonNode root, String pointer, String value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        ((ObjectNode) parent).put(pointer.substring(slash + 1), value);
    }
}
