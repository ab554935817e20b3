package org.casebridge.gateway.agencies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.casebridge.contracts.v1.DeliveryMode;
import org.junit.jupiter.api.Test;

class AgencyFileReaderTest {

    private static Map<String, Agency> read(String yaml) {
        return AgencyFileReader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }

    @Test
    void readsEveryDeliveryMode() {
        Map<String, Agency> agencies = read("""
                version: 1
                agencies:
                  - id: hohhot-amr
                    name: 呼和浩特市市场监督管理局
                    kind: ADMINISTRATIVE_AGENCY
                    delivery: { mode: PUSH_SOAP, endpoint: "https://amr.example/casebridge", read-timeout: PT20S, consumers: 4 }
                  - id: hohhot-psb
                    name: 呼和浩特市公安局
                    kind: POLICE
                    delivery: { mode: PUSH_REST, endpoint: "http://127.0.0.1:9000/hook" }
                  - id: hohhot-procuratorate
                    name: 呼和浩特市人民检察院
                    kind: PROSECUTOR
                    delivery: { mode: PULL }
                """);
        Agency amr = agencies.get("hohhot-amr");
        assertThat(amr.deliveryMode()).isEqualTo(DeliveryMode.PUSH_SOAP);
        assertThat(amr.pushEndpoint().address()).hasToString("https://amr.example/casebridge");
        assertThat(amr.readTimeout()).hasSeconds(20);
        assertThat(amr.consumers()).isEqualTo(4);
        assertThat(agencies.get("hohhot-psb").connectTimeout()).hasSeconds(5);
        assertThat(agencies.get("hohhot-procuratorate").pushes()).isFalse();
    }

    @Test
    void reportsEveryProblemAtOnceWithItsEntry() {
        assertThatThrownBy(() -> read("""
                version: 1
                agencies:
                  - id: Hohhot AMR
                    name: x
                    kind: ADMINISTRATIVE_AGENCY
                    delivery: { mode: PULL }
                  - id: hohhot-psb
                    name: 呼和浩特市公安局
                    kind: POLICE_FORCE
                    delivery: { mode: PUSH_REST }
                  - id: ordos-eeb
                    name: 鄂尔多斯市生态环境局
                    kind: ADMINISTRATIVE_AGENCY
                    delivery: { mode: PULL, endpoint: "http://127.0.0.1/x", read-timeout: soon }
                  - id: ordos-psb
                    name: 鄂尔多斯市公安局
                    kind: POLICE
                    delivery: { mode: PUSH_SOAP, endpoint: "ftp://files.example/in" }
                    certificate: "not a certificate"
                """))
                .isInstanceOf(InvalidAgencyFile.class)
                .satisfies(e -> assertThat(((InvalidAgencyFile) e).problems()).containsExactlyInAnyOrder(
                        "agencies[0] (Hohhot AMR): id must be 2-63 lower-case letters, digits or dashes, found Hohhot AMR",
                        "agencies[1] (hohhot-psb): kind must be one of [ADMINISTRATIVE_AGENCY, POLICE, PROSECUTOR], found POLICE_FORCE",
                        "agencies[1] (hohhot-psb): delivery.endpoint is required for mode PUSH_REST",
                        "agencies[2] (ordos-eeb): delivery.endpoint is set but mode PULL never pushes; remove it or choose a push mode",
                        "agencies[2] (ordos-eeb): delivery.read-timeout must be an ISO-8601 duration such as PT30S, found soon",
                        "agencies[3] (ordos-psb): delivery.endpoint must be an absolute http(s) URL, found ftp://files.example/in",
                        "agencies[3] (ordos-psb): certificate is not a PEM X.509 certificate: Could not parse certificate: java.io.IOException: Empty input"));
    }

    @Test
    void refusesDuplicatesUnknownKeysAndOtherVersions() {
        assertThatThrownBy(() -> read("""
                version: 1
                agencies:
                  - { id: hohhot-psb, name: a, kind: POLICE, delivery: { mode: PULL } }
                  - { id: hohhot-psb, name: b, kind: POLICE, delivery: { mode: PULL } }
                """)).hasMessageContaining("id hohhot-psb is listed twice");
        assertThatThrownBy(() -> read("""
                version: 1
                agencies:
                  - { id: hohhot-psb, name: a, kind: POLICE, delivery: { mode: PULL }, colour: blue }
                """)).hasMessageContaining("colour");
        assertThatThrownBy(() -> read("""
                version: 2
                agencies:
                  - { id: hohhot-psb, name: a, kind: POLICE, delivery: { mode: PULL } }
                """)).hasMessageContaining("version must be 1");
        assertThatThrownBy(() -> read("version: 1\n")).hasMessageContaining("no agencies are listed");
    }

    @Test
    void theDemoFileIsValid() throws Exception {
        try (var in = getClass().getClassLoader().getResourceAsStream("demo/agencies.yml")) {
            var agencies = AgencyFileReader.read(in, "demo/agencies.yml");
            assertThat(agencies).allSatisfy((id, agency) -> assertThat(agency.deliveryMode()).isEqualTo(DeliveryMode.PULL));
            assertThat(agencies.keySet()).as("every demo agency has its client in the realm, and back")
                    .containsExactlyInAnyOrderElementsOf(org.casebridge.testkit.keycloak.CasebridgeRealm.AGENCIES.stream()
                            .map(org.casebridge.testkit.keycloak.CasebridgeRealm.Agency::clientId).toList());
        }
    }
}
