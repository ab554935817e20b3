package org.casebridge.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.xml.bind.Marshaller;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.casebridge.contracts.codec.ContractJson;
import org.casebridge.contracts.codec.ContractXml;
import org.casebridge.contracts.v1.Message;
import org.casebridge.contracts.v1.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message type has an example in both encodings, so a SOAP integrator never translates JSON
 * by hand. The JSON is the source; the XML beside it is generated from it (run with
 * {@code -Dexamples.write=true} to write it) and must be exactly what the generator writes, so
 * the two cannot drift. {@link ContractExamplesTest} checks that both are valid and the same message.
 */
class ExamplesPerTypeTest {

    private static final Path EXAMPLES = Path.of("src/main/resources/casebridge/v1/examples");

    @Test
    void everyMessageTypeHasAnExample() throws Exception {
        Set<MessageType> covered = EnumSet.noneOf(MessageType.class);
        for (String example : ContractExamplesTest.examples().toList()) {
            covered.add(MessageType.valueOf(ContractExamplesTest.readJson(example).path("type").asString()));
        }
        assertThat(EnumSet.complementOf(EnumSet.copyOf(covered))).as("message types without an example").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("org.casebridge.contracts.ContractExamplesTest#examples")
    void theXmlExampleIsGeneratedFromTheJsonOne(String example) throws Exception {
        Path xmlFile = EXAMPLES.resolve(example + ".xml");
        String generated = xml(ContractJson.fromTree(ContractExamplesTest.readJson(example), Message.class));
        if (Boolean.getBoolean("examples.write")) {
            Files.writeString(xmlFile, generated, StandardCharsets.UTF_8);
        }
        assertThat(xmlFile).as("run with -Dexamples.write=true to generate it").exists();
        assertThat(Files.readString(xmlFile, StandardCharsets.UTF_8)).isEqualTo(generated);
    }

    /** The XML encoding of a message as the examples show it: indented, the contract's namespace as cb. */
    static String xml(Message message) throws Exception {
        Marshaller marshaller = ContractXml.marshaller();
        marshaller.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, true);
        marshaller.setProperty("org.glassfish.jaxb.namespacePrefixMapper", new org.glassfish.jaxb.runtime.marshaller.NamespacePrefixMapper() {
            @Override
            public String getPreferredPrefix(String namespace, String suggestion, boolean required) {
                return ContractXml.NAMESPACE.equals(namespace) ? "cb" : suggestion;
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        marshaller.marshal(message, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
