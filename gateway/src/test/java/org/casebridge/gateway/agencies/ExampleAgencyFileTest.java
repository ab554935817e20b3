package org.casebridge.gateway.agencies;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.casebridge.contracts.v1.DeliveryMode;
import org.junit.jupiter.api.Test;

/** The agency file shipped for the container deployment is one the gateway accepts as it is. */
class ExampleAgencyFileTest {

    /** Tests run in the gateway module's directory. */
    private static final Path EXAMPLE = Path.of("..", "docker", "agencies.example.yml");

    @Test
    void theContainerDeploymentsAgencyFileIsValid() throws Exception {
        Map<String, Agency> agencies;
        try (InputStream in = Files.newInputStream(EXAMPLE)) {
            agencies = AgencyFileReader.read(in, EXAMPLE.toString());
        }

        assertThat(agencies.values()).filteredOn(a -> a.deliveryMode() == DeliveryMode.PUSH_REST).hasSize(1);
        assertThat(agencies.values()).filteredOn(a -> a.deliveryMode() == DeliveryMode.PUSH_SOAP).hasSize(1);
        assertThat(agencies.values()).filteredOn(a -> a.deliveryMode() == DeliveryMode.PULL)
                .hasSize(agencies.size() - 2);
        assertThat(agencies.values()).extracting(Agency::kind).contains(AgencyKind.values());
        // Placeholders only: the .example domain never resolves, so nothing is pushed by mistake.
        assertThat(agencies.values()).filteredOn(Agency::pushes)
                .allSatisfy(a -> assertThat(a.pushEndpoint().address().getHost()).endsWith(".example"));
    }
}
