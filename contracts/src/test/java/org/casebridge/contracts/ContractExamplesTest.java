package org.casebridge.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.casebridge.contracts.codec.CanonicalJson;
import org.casebridge.contracts.codec.ContractJson;
import org.casebridge.contracts.codec.ContractXml;
import org.casebridge.contracts.codec.JsonContractValidator;
import org.casebridge.contracts.codec.XmlContractValidator;
import org.casebridge.contracts.v1.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;

/** Every example is valid in both encodings, and both encodings carry the same message. */
class ContractExamplesTest {

    static Stream<String> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/casebridge/v1/examples"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - 5))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void jsonExampleIsValidInBothEncodingsAndSurvivesTheRoundTrip(String example) throws Exception {
        JsonNode json = readJson(example);
        assertThat(JsonContractValidator.validate("Message", json)).isEmpty();

        Message fromJson = ContractJson.fromTree(json, Message.class);
        assertThat(XmlContractValidator.validate(fromJson)).isEmpty();

        Document xml = ContractXml.toDocument(fromJson);
        byte[] xmlBytes = ContractXml.serialize(xml);
        Message fromXml = ContractXml.fromNode(ContractXml.parse(new ByteArrayInputStream(xmlBytes)), Message.class);

        assertThat(CanonicalJson.text(ContractJson.toTree(fromXml)))
                .isEqualTo(CanonicalJson.text(json))
                .isEqualTo(CanonicalJson.text(ContractJson.toTree(fromJson)));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void committedXmlExampleIsTheSameMessage(String example) throws Exception {
        Path xmlFile = Path.of("src/main/resources/casebridge/v1/examples", example + ".xml");
        assertThat(xmlFile).exists();
        Message fromXml;
        try (InputStream in = Files.newInputStream(xmlFile)) {
            fromXml = ContractXml.fromNode(ContractXml.parse(in), Message.class);
        }
        assertThat(XmlContractValidator.validate(fromXml)).isEmpty();
        assertThat(ContractJson.canonicalBytes(fromXml)).isEqualTo(CanonicalJson.bytes(readJson(example)));
    }

    static JsonNode readJson(String example) throws IOException {
        return ContractJson.mapper().readTree(Path.of("src/main/resources/casebridge/v1/examples", example + ".json").toFile());
    }
}
