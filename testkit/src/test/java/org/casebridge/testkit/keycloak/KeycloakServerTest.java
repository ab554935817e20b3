package org.casebridge.testkit.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.casebridge.testkit.keycloak.CasebridgeRealm.Agency;
import org.casebridge.testkit.keycloak.CasebridgeRealm.Person;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Starts a real Keycloak with the casebridge realm and checks what its tokens say. */
class KeycloakServerTest {

    private static KeycloakServer keycloak;

    @BeforeAll
    static void startKeycloak() {
        keycloak = KeycloakServer.shared();
        System.out.printf("Keycloak %s ready after %d ms%n", keycloak, keycloak.startupTime().toMillis());
    }

    static Stream<Agency> agencies() {
        return CasebridgeRealm.AGENCIES.stream();
    }

    static Stream<Person> people() {
        return CasebridgeRealm.PEOPLE.stream();
    }

    @Test
    void sharedIsOneInstanceOnLoopback() {
        assertThat(KeycloakServer.shared()).isSameAs(keycloak);
        assertThat(keycloak.issuerUri()).isEqualTo("http://127.0.0.1:" + keycloak.port() + "/realms/casebridge");
        assertThat(keycloak.tokenEndpoint()).isEqualTo(keycloak.issuerUri() + "/protocol/openid-connect/token");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agencies")
    void agencySystemGetsATokenForTheGateway(Agency agency) {
        JsonNode claims = KeycloakServer.decodeClaims(keycloak.clientToken(agency.clientId(), agency.secret()));

        assertThat(claims.path("agency_id").stringValue()).isEqualTo(agency.id());
        assertThat(strings(claims.path("realm_access").path("roles"))).contains(CasebridgeRealm.ROLE_AGENCY_SYSTEM);
        assertThat(strings(claims.path("aud"))).contains(CasebridgeRealm.GATEWAY_AUDIENCE);
        assertThat(claims.path("iss").stringValue()).isEqualTo(keycloak.issuerUri());
        assertThat(claims.path("azp").stringValue()).isEqualTo(agency.clientId());
        // Keycloak reads the time twice; the two may fall either side of a second.
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isBetween(300L, 301L);
    }

    @Test
    void wrongSecretIsRefused() {
        assertThatThrownBy(() -> keycloak.clientToken("hohhot-amr", "not-the-secret"))
                .isInstanceOfSatisfying(TokenRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.body()).contains("unauthorized_client");
                });
    }

    @Test
    void consoleClientHasNoServiceAccount() {
        assertThatThrownBy(() -> keycloak.clientToken("casebridge-console", CasebridgeRealm.CONSOLE_CLIENT_SECRET))
                .isInstanceOf(TokenRequestException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("people")
    void personGetsATokenWithRoleAndAgency(Person person) {
        JsonNode claims = KeycloakServer.decodeClaims(keycloak.passwordToken(person.username(), person.password()));

        assertThat(claims.path("preferred_username").stringValue()).isEqualTo(person.username());
        assertThat(strings(claims.path("realm_access").path("roles")))
                .contains(person.role())
                .doesNotContain(CasebridgeRealm.ROLE_AGENCY_SYSTEM);
        assertThat(strings(claims.path("aud"))).contains(CasebridgeRealm.GATEWAY_AUDIENCE);
        assertThat(claims.path("iss").stringValue()).isEqualTo(keycloak.issuerUri());
        assertThat(claims.path("azp").stringValue()).isEqualTo(CasebridgeRealm.CONSOLE_CLIENT_ID);
        if (person.agency().isPresent()) {
            assertThat(claims.path("agency_id").stringValue()).isEqualTo(person.agencyId());
        } else {
            assertThat(claims.has("agency_id")).isFalse();
        }
    }

    @Test
    void liaisonHasHisChineseName() {
        JsonNode claims = KeycloakServer.decodeClaims(keycloak.passwordToken("liaison", "liaison"));
        assertThat(claims.path("family_name").stringValue()).isEqualTo("赵");
        assertThat(claims.path("given_name").stringValue()).isEqualTo("联络");
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThatThrownBy(() -> keycloak.passwordToken("liaison", "wrong"))
                .isInstanceOfSatisfying(TokenRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.body()).contains("invalid_grant");
                });
    }

    @Test
    void closeStopsTheProcessTree() throws Exception {
        KeycloakServer own = KeycloakServer.start(KeycloakServer.Options.defaults());
        ProcessHandle process;
        List<ProcessHandle> tree = new ArrayList<>();
        int port;
        try {
            assertThat(own.port()).isNotEqualTo(keycloak.port());
            assertThat(KeycloakServer.decodeClaims(own.clientToken("ordos-eeb", "ordos-eeb-secret"))
                    .path("iss").stringValue()).isEqualTo(own.issuerUri());
            process = own.process().orElseThrow();
            tree.add(process);
            tree.addAll(process.descendants().toList());
            port = own.port();
            assertThat(accepts(port)).isTrue();
        } finally {
            own.close();
        }

        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        assertThat(accepts(port)).as("port %d closed", port).isFalse();
        assertThat(own.isClosed()).isTrue();
        own.close(); // twice is harmless
        assertThat(keycloak.clientToken("ordos-psb", "ordos-psb-secret")).isNotBlank();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A claim that may be a single string or an array of strings. */
    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.values().forEach(value -> values.add(value.stringValue()));
        } else if (node.isString()) {
            values.add(node.stringValue());
        }
        return values;
    }
}
