package org.casebridge.contracts.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import org.casebridge.contracts.v1.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The neutral model path of a field, rendered as each encoding's clients read it. */
class FieldPathsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Message/messageId                                           | /messageId                                    | /Message/messageId",
            "Message/attachment[1]/sha256                                | /attachments/0/sha256                         | /Message/attachment[1]/sha256",
            "Message/attachment/sha256                                   | /attachments/0/sha256                         | /Message/attachment[1]/sha256",
            "Message/attachment[3]/size                                  | /attachments/2/size                           | /Message/attachment[3]/size",
            "Message/copyTo[1]/agency                                    | /copyTo/0/agency                              | /Message/copyTo[1]/agency",
            "Message/copyTo                                              | /copyTo                                       | /Message/copyTo",
            "Message/payload/referral/expertReport[1]/attachmentSha256   | /payload/referral/expertReports/0/attachmentSha256 | /Message/payload/referral/expertReport[1]/attachmentSha256",
            "Message/payload/referral/expertReport[2]/issuedOn           | /payload/referral/expertReports/1/issuedOn    | /Message/payload/referral/expertReport[2]/issuedOn",
            "Message/payload/referral/transferLetter/enclosure[2]/attachmentSha256 | /payload/referral/transferLetter/enclosures/1/attachmentSha256 | /Message/payload/referral/transferLetter/enclosure[2]/attachmentSha256",
            "Message/payload/referral/seizedItem/quantity                | /payload/referral/seizedItems/0/quantity      | /Message/payload/referral/seizedItem[1]/quantity",
            "Message/payload/notice/outcome                              | /payload/notice/outcome                       | /Message/payload/notice/outcome",
            "Message                                                     | ''                                            | /Message",
    })
    void rendersInEachEncoding(String model, String pointer, String xpath) {
        assertThat(FieldPaths.jsonPointer(model)).isEqualTo(pointer);
        assertThat(FieldPaths.xpath(model)).isEqualTo(xpath);
        assertThat(FieldPaths.jsonPointer(FieldPaths.fromJsonPointer(pointer))).isEqualTo(pointer);
    }

    /** The two validators are independent: what the XSD reports, rendered, is what the JSON Schema reports. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "/messageId                               | 'has space'",
            "/attachments/0/sha256                    | 'abc'",
            "/attachments/0/mediaType                 | 'video'",
            "/payload/referral/seizedItems/0/quantity | '1e3'",
            "/payload/referral/expertReports/0/attachmentSha256 | 'xyz'",
            "/copyTo/0/agency                         | 'UPPER'",
            "/marking/value                           | 'PURPLE'",
    })
    void theXsdsPathRendersAsTheJsonSchemasPointer(String pointer, String badValue) throws Exception {
        JsonNode message = example();
        ObjectNode parent = (ObjectNode) message.at(pointer.substring(0, pointer.lastIndexOf('/')));
        parent.put(pointer.substring(pointer.lastIndexOf('/') + 1), badValue);

        assertThat(JsonContractValidator.validate("Message", message)).extracting(ContractViolation::field).contains(pointer);
        List<ContractViolation> xml = XmlContractValidator.validate(ContractJson.fromTree(message, Message.class));
        assertThat(xml).isNotEmpty();
        assertThat(FieldPaths.isModelPath(xml.getFirst().field())).isTrue();
        assertThat(FieldPaths.jsonPointer(xml.getFirst().field())).isEqualTo(pointer);
    }

    @Test
    void anUnknownMemberIsNamedByItsOwnPointer() throws Exception {
        JsonNode message = example();
        ((ObjectNode) message).put("colour", "red");
        ((ObjectNode) message.at("/attachments/0")).put("shade", "blue");

        assertThat(JsonContractValidator.validate("Message", message)).extracting(ContractViolation::field)
                .contains("/colour", "/attachments/0/shade");
    }

    @Test
    void fieldsThatAreNotInAMessageAreNotModelPaths() {
        assertThat(FieldPaths.isModelPath("limit")).isFalse();
        assertThat(FieldPaths.isModelPath("Content-Digest")).isFalse();
        assertThat(FieldPaths.isModelPath("/reason")).isFalse();
        assertThat(FieldPaths.isModelPath(null)).isFalse();
        assertThat(FieldPaths.isModelPath("MessageId")).isFalse();
    }

    private static JsonNode example() throws Exception {
        try (InputStream in = FieldPathsTest.class.getResourceAsStream("/casebridge/v1/examples/referral-submit.json")) {
            return ContractJson.mapper().readTree(in);
        }
    }
}
