package org.casebridge.testkit.keycloak;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * What {@code docker/keycloak/casebridge-realm.json} contains, for tests and the demo. Every secret
 * and password here is a demo value; {@code KeycloakServerTest} checks this list against a running
 * Keycloak, so it cannot drift from the realm file unnoticed.
 */
public final class CasebridgeRealm {

    public static final String NAME = "casebridge";
    /** The audience every token meant for the gateway carries. */
    public static final String GATEWAY_AUDIENCE = "casebridge-gateway";
    public static final String GATEWAY_CLIENT_ID = "casebridge-gateway";
    public static final String GATEWAY_CLIENT_SECRET = "casebridge-gateway-secret";
    /** The browser client for people; it also allows the password grant, for tests only. */
    public static final String CONSOLE_CLIENT_ID = "casebridge-console";
    public static final String CONSOLE_CLIENT_SECRET = "casebridge-console-secret";
    /** The claim naming the agency a token speaks for. */
    public static final String AGENCY_CLAIM = "agency_id";

    public static final String ROLE_AGENCY_SYSTEM = "agency-system";
    public static final String ROLE_LIAISON_OFFICER = "liaison-officer";
    public static final String ROLE_PROSECUTOR = "prosecutor";
    public static final String ROLE_AUDITOR = "auditor";
    public static final String ROLE_OPERATOR = "operator";
    public static final List<String> ROLES =
            List.of(ROLE_AGENCY_SYSTEM, ROLE_LIAISON_OFFICER, ROLE_PROSECUTOR, ROLE_AUDITOR, ROLE_OPERATOR);

    /** An agency system: a confidential client that only has the client-credentials grant. */
    public record Agency(String id, String name) {
        /** The client id is the agency id. */
        public String clientId() {
            return id;
        }

        /** Demo secret, {@code <agency id>-secret}. */
        public String secret() {
            return id + "-secret";
        }
    }

    /** A demo person who signs in through {@code casebridge-console}; the password is the username. */
    public record Person(String username, String role, String agencyId, String displayName) {
        public String password() {
            return username;
        }

        public Optional<String> agency() {
            return Optional.ofNullable(agencyId);
        }
    }

    public static final List<Agency> AGENCIES = List.of(
            new Agency("hohhot-amr", "呼和浩特市市场监督管理局"),
            new Agency("hohhot-psb", "呼和浩特市公安局"),
            new Agency("hohhot-procuratorate", "呼和浩特市人民检察院"),
            new Agency("baotou-tax", "国家税务总局包头市税务局"),
            new Agency("baotou-psb", "包头市公安局"),
            new Agency("baotou-procuratorate", "包头市人民检察院"),
            new Agency("ordos-eeb", "鄂尔多斯市生态环境局"),
            new Agency("ordos-psb", "鄂尔多斯市公安局"),
            new Agency("ordos-procuratorate", "鄂尔多斯市人民检察院"));

    public static final List<Person> PEOPLE = List.of(
            new Person("liaison", ROLE_LIAISON_OFFICER, "hohhot-amr", "赵 联络"),
            new Person("police", ROLE_LIAISON_OFFICER, "hohhot-psb", "周 警官"),
            new Person("prosecutor", ROLE_PROSECUTOR, "hohhot-procuratorate", "钱 检察"),
            new Person("auditor", ROLE_AUDITOR, null, "孙 审计"),
            new Person("operator", ROLE_OPERATOR, null, "李 运维"));

    public static Agency agency(String id) {
        return AGENCIES.stream().filter(a -> a.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no agency " + id + " in the realm"));
    }

    public static Person person(String username) {
        return PEOPLE.stream().filter(p -> p.username().equals(username)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no person " + username + " in the realm"));
    }

    private CasebridgeRealm() {
    }
}
