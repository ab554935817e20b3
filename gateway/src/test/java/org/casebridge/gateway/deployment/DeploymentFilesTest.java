package org.casebridge.gateway.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.boot.artemis.autoconfigure.ArtemisConfigurationCustomizer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXParseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The container deployment in {@code docker/} is checked without a container engine: compose.yaml
 * against the Compose Specification schema and against what the gateway reads, its variables
 * against .env.example, broker.xml against Artemis' own schema and parser and against the embedded
 * broker's settings, and the Dockerfile against the jar Maven builds.
 */
class DeploymentFilesTest {

    /** Tests run in the gateway module's directory. */
    private static final Path DOCKER = Path.of("..", "docker");
    private static final Path COMPOSE = DOCKER.resolve("compose.yaml");
    private static final Path ENV_EXAMPLE = DOCKER.resolve(".env.example");
    private static final Path COMPOSE_SCHEMA = DOCKER.resolve("schema/compose-spec.json");
    private static final Path BROKER_XML = DOCKER.resolve("artemis/broker.xml");
    private static final Path DOCKERFILE = DOCKER.resolve("gateway/Dockerfile");

    /** Compose interpolation: ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}, ${NAME:+alt}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+])?([^}]*)}");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN).*");

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    // ---------------------------------------------------------------- compose.yaml

    @Test
    void composeFileFollowsTheComposeSpecification() throws IOException {
        JsonNode schemaDocument = readJson(COMPOSE_SCHEMA);
        // The vendored schema declares draft-07; validate with that dialect.
        assertThat(schemaDocument.path("$schema").asString()).contains("draft-07");

        List<com.networknt.schema.Error> errors = composeSchema().validate(compose());

        assertThat(errors).extracting(DeploymentFilesTest::describe).isEmpty();
    }

    @Test
    void theSchemaCatchesAMistake() throws IOException {
        // Guards the check above: a misspelt key and a wrong depends_on condition must be refused.
        JsonNode broken = YAML.readTree("""
                services:
                  gateway:
                    image: casebridge/gateway:local
                    depends_on:
                      postgres: { condition: service_ready }
                    healthcheck: { test: ["CMD", "true"], intervall: 10s }
                """);

        assertThat(composeSchema().validate(broken)).extracting(DeploymentFilesTest::describe)
                .anySatisfy(error -> assertThat(error).startsWith("/services/gateway/depends_on/postgres/condition: "))
                .anySatisfy(error -> assertThat(error).contains("'intervall'"));
    }

    @Test
    void everyVariableIsRequiredOrDefaultedAndListedInEnvExample() throws IOException {
        Map<String, String> operators = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        forEachText(compose(), text -> {
            // "$$" is a literal dollar; any other "$" must start a well-formed ${...}.
            String unescaped = text.replace("$$", "");
            Matcher reference = REFERENCE.matcher(unescaped);
            String rest = reference.replaceAll("");
            if (rest.contains("$")) {
                problems.add("unescaped or malformed $ in: " + text);
            }
            reference.reset();
            while (reference.find()) {
                String operator = reference.group(2) == null ? "" : reference.group(2);
                if (!operator.equals(":?") && !operator.equals(":-")) {
                    problems.add("${" + reference.group(1) + "} must be ${NAME:?message} or ${NAME:-default}: " + text);
                }
                if (operator.equals(":?") && reference.group(3).isBlank()) {
                    problems.add("${" + reference.group(1) + ":?} needs a message naming what to set");
                }
                String previous = operators.putIfAbsent(reference.group(1), operator);
                if (previous != null && !previous.equals(operator)) {
                    problems.add(reference.group(1) + " is required in one place and defaulted in another");
                }
            }
        });
        assertThat(problems).isEmpty();

        Set<String> required = new TreeSet<>();
        Set<String> optional = new TreeSet<>();
        operators.forEach((name, operator) -> (operator.equals(":?") ? required : optional).add(name));
        assertThat(required).as("secrets come from required variables")
                .contains("CASEBRIDGE_DB_PASSWORD", "CASEBRIDGE_ARTEMIS_PASSWORD", "KEYCLOAK_ADMIN_PASSWORD",
                        "KEYCLOAK_DB_PASSWORD", "CASEBRIDGE_SIGNING_PASSWORD");

        Set<String> assigned = new TreeSet<>();
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(ENV_EXAMPLE)) {
            Matcher assignment = Pattern.compile("^([A-Z0-9_]+)=(.*)$").matcher(line);
            Matcher commented = Pattern.compile("^#\\s*([A-Z0-9_]+)=.*$").matcher(line);
            if (assignment.matches()) {
                assigned.add(assignment.group(1));
                assertThat(assignment.group(2)).as("placeholder for %s", assignment.group(1)).isNotBlank();
            } else if (commented.matches()) {
                documented.add(commented.group(1));
            }
        }
        assertThat(assigned).as("every required variable has a placeholder in .env.example").containsAll(required);
        Set<String> listed = new TreeSet<>(assigned);
        listed.addAll(documented);
        assertThat(listed).as("every optional variable is documented in .env.example").containsAll(optional);
        Set<String> used = new TreeSet<>(operators.keySet());
        assertThat(used).as(".env.example lists nothing that compose.yaml does not use").containsAll(listed);
    }

    @Test
    void secretsInEnvironmentsComeOnlyFromRequiredVariables() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> service : fields(compose().path("services"))) {
            for (Map.Entry<String, JsonNode> variable : fields(service.getValue().path("environment"))) {
                if (SECRET_NAME.matcher(variable.getKey()).matches()
                        && !variable.getValue().asString().matches("\\$\\{[A-Z0-9_]+:\\?[^}]+}")) {
                    problems.add(service.getKey() + "." + variable.getKey() + " = " + variable.getValue().asString());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void servicesStartInOrderAndReportHealth() throws IOException {
        JsonNode services = compose().path("services");
        assertThat(names(services)).containsExactlyInAnyOrder("postgres", "artemis", "keycloak", "gateway");
        for (Map.Entry<String, JsonNode> service : fields(services)) {
            assertThat(service.getValue().path("healthcheck").path("test").isMissingNode())
                    .as("%s has a healthcheck", service.getKey()).isFalse();
            for (Map.Entry<String, JsonNode> dependency : fields(service.getValue().path("depends_on"))) {
                assertThat(dependency.getValue().path("condition").asString())
                        .as("%s waits for %s", service.getKey(), dependency.getKey()).isEqualTo("service_healthy");
            }
        }
        assertThat(names(services.path("gateway").path("depends_on")))
                .containsExactlyInAnyOrder("postgres", "artemis", "keycloak");
        assertThat(services.path("gateway").path("healthcheck").path("test").toString())
                .contains("/actuator/health/readiness").contains("/dev/tcp/127.0.0.1/8081");
    }

    @Test
    void gatewayIsConfiguredForTheOtherServices() throws IOException {
        JsonNode compose = compose();
        JsonNode gateway = compose.path("services").path("gateway");
        Map<String, String> environment = new LinkedHashMap<>();
        fields(gateway.path("environment")).forEach(e -> environment.put(e.getKey(), e.getValue().asString()));

        assertThat(environment)
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/casebridge")
                .containsEntry("SPRING_DATASOURCE_USERNAME",
                        compose.path("services").path("postgres").path("environment").path("POSTGRES_USER").asString())
                .containsEntry("SPRING_ARTEMIS_MODE", "native")
                .containsEntry("SPRING_ARTEMIS_EMBEDDED_ENABLED", "false")
                .containsEntry("SPRING_ARTEMIS_BROKER_URL", "tcp://artemis:61616")
                .containsEntry("CASEBRIDGE_DATA_DIR", "/var/lib/casebridge")
                .containsEntry("CASEBRIDGE_ADDRESS", "0.0.0.0")
                .containsEntry("CASEBRIDGE_AGENCIES_FILE", "file:/etc/casebridge/agencies.yml")
                .containsEntry("CASEBRIDGE_SIGNING_KEYSTORE", "/run/secrets/signing.p12")
                .containsKeys("SPRING_DATASOURCE_PASSWORD", "SPRING_ARTEMIS_USER", "SPRING_ARTEMIS_PASSWORD",
                        "CASEBRIDGE_SIGNING_PASSWORD", "CASEBRIDGE_ISSUER");
        // The gateway and the broker log in with the same variables the broker's user is created from.
        JsonNode artemisEnvironment = compose.path("services").path("artemis").path("environment");
        assertThat(environment.get("SPRING_ARTEMIS_USER")).isEqualTo(artemisEnvironment.path("ARTEMIS_USER").asString());
        assertThat(environment.get("SPRING_ARTEMIS_PASSWORD")).isEqualTo(artemisEnvironment.path("ARTEMIS_PASSWORD").asString());
        assertThat(environment.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(
                compose.path("services").path("postgres").path("environment").path("POSTGRES_PASSWORD").asString());

        // Tokens carry the issuer Keycloak's hostname gives them; the gateway accepts only its own.
        String hostname = null;
        for (JsonNode argument : compose.path("services").path("keycloak").path("command")) {
            if (argument.asString().startsWith("--hostname=")) {
                hostname = argument.asString().substring("--hostname=".length());
            }
        }
        String realm = readJson(DOCKER.resolve("keycloak/casebridge-realm.json")).path("realm").asString();
        assertThat(environment.get("CASEBRIDGE_ISSUER")).isEqualTo(hostname + "/realms/" + realm);

        assertThat(gateway.path("secrets").toString()).contains("signing.p12");
        assertThat(gateway.path("volumes").toString())
                .contains(":/var/lib/casebridge")
                .contains(":/etc/casebridge/agencies.yml:ro");
        assertThat(gateway.path("ports").toString()).contains("8080:8080");
    }

    @Test
    void mountedFilesAndTheBuildExist() throws IOException {
        JsonNode compose = compose();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> service : fields(compose.path("services"))) {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = withDefaults(volume.asString()).split(":")[0];
                if ((source.startsWith(".") || source.startsWith("/")) && !Files.exists(DOCKER.resolve(source))) {
                    missing.add(service.getKey() + ": " + source);
                }
            }
        }
        assertThat(missing).isEmpty();

        JsonNode build = compose.path("services").path("gateway").path("build");
        Path context = DOCKER.resolve(build.path("context").asString());
        assertThat(context.resolve(build.path("dockerfile").asString())).isRegularFile();
        assertThat(context.resolve("gateway/pom.xml")).as("the context is the repository root").isRegularFile();
    }

    @Test
    void everyExampleAgencyHasAKeycloakClient() throws IOException {
        Set<String> agencyIds = new LinkedHashSet<>();
        try (InputStream in = Files.newInputStream(DOCKER.resolve("agencies.example.yml"))) {
            YAML.readTree(in).path("agencies").forEach(agency -> agencyIds.add(agency.path("id").asString()));
        }
        Set<String> claimed = new TreeSet<>();
        for (JsonNode client : readJson(DOCKER.resolve("keycloak/casebridge-realm.json")).path("clients")) {
            for (JsonNode mapper : client.path("protocolMappers")) {
                if ("agency_id".equals(mapper.path("config").path("claim.name").asString())
                        && mapper.path("config").has("claim.value")) {
                    claimed.add(mapper.path("config").path("claim.value").asString());
                }
            }
        }
        assertThat(agencyIds).isNotEmpty();
        assertThat(claimed).containsAll(agencyIds);
    }

    // ---------------------------------------------------------------- broker.xml

    @Test
    void brokerXmlFollowsTheArtemisSchema() throws Exception {
        Element core = brokerCore();

        URL xsd = getClass().getClassLoader().getResource("schema/artemis-configuration.xsd");
        assertThat(xsd).as("artemis-server on the test classpath").isNotNull();
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        // The XSD imports xml.xsd from beside it in the jar; nothing is fetched from the network.
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "jar,file");
        javax.xml.validation.Schema schema;
        try (InputStream in = xsd.openStream()) {
            schema = factory.newSchema(new StreamSource(in, xsd.toExternalForm()));
        }
        Validator validator = schema.newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        List<String> problems = new ArrayList<>();
        validator.setErrorHandler(new org.xml.sax.ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                problems.add(e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                problems.add(e.getMessage());
            }
        });
        validator.validate(new DOMSource(core, BROKER_XML.toUri().toString()));

        assertThat(problems).isEmpty();
    }

    @Test
    void brokerXmlIsReadByArtemisWithTheGatewaysSettings() throws Exception {
        FileConfiguration broker = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager(BROKER_XML.toAbsolutePath().toUri().toString());
        deployment.addDeployable(broker);
        deployment.readConfiguration();

        assertThat(broker.isPersistenceEnabled()).isTrue();
        assertThat(broker.isSecurityEnabled()).isTrue();
        assertThat(broker.getJournalType().name()).isIn("NIO", "ASYNCIO");
        assertThat(broker.getAcceptorConfigurations()).anySatisfy(acceptor -> {
            assertThat(String.valueOf(acceptor.getParams().get("port"))).isEqualTo(
                    String.valueOf(URI.create(gatewayEnvironment("SPRING_ARTEMIS_BROKER_URL")).getPort()));
            assertThat(String.valueOf(acceptor.getParams().get("protocols"))).contains("CORE");
        });
        assertThat(broker.getAddressSettings().get("casebridge.dispatch.#").getDefaultAddressRoutingType().name())
                .isEqualTo("ANYCAST");

        // The broker user's role (EXTRA_ARGS --role) may send to and consume from every address.
        Matcher role = Pattern.compile("--role\\s+(\\S+)").matcher(
                compose().path("services").path("artemis").path("environment").path("EXTRA_ARGS").asString());
        assertThat(role.find()).isTrue();
        Set<Role> roles = broker.getSecurityRoles().get("#");
        assertThat(roles).anySatisfy(r -> {
            assertThat(r.getName()).isEqualTo(role.group(1));
            assertThat(r.isSend()).isTrue();
            assertThat(r.isConsume()).isTrue();
            assertThat(r.isCreateAddress()).isTrue();
            assertThat(r.isCreateDurableQueue()).isTrue();
        });

        // Everything the embedded broker sets, the external one sets alike.
        Configuration embedded = embeddedBrokerSettings();
        assertThat(broker.getIDCacheSize()).isEqualTo(embedded.getIDCacheSize());
        assertThat(broker.isPersistIDCache()).isEqualTo(embedded.isPersistIDCache());
        assertThat(broker.isJMXManagementEnabled()).isEqualTo(embedded.isJMXManagementEnabled());
        assertThat(embedded.getAddressSettings()).isNotEmpty();
        embedded.getAddressSettings().forEach((match, expected) -> {
            assertThat(broker.getAddressSettings()).containsKey(match);
            JsonNode wanted = JSON.readTree(expected.toJSON());
            JsonNode found = JSON.readTree(broker.getAddressSettings().get(match).toJSON());
            for (Map.Entry<String, JsonNode> setting : fields(wanted)) {
                assertThat(found.path(setting.getKey())).as("%s %s", match, setting.getKey()).isEqualTo(setting.getValue());
            }
        });
    }

    // ---------------------------------------------------------------- Dockerfile

    @Test
    void dockerfilePackagesTheJarMavenBuilds() throws Exception {
        String dockerfile = Files.readString(DOCKERFILE);
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        String jar = "gateway/target/" + pom.getElementsByTagName("finalName").item(0).getTextContent().strip() + ".jar";

        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:25-jre\\s*$");
        assertThat(dockerfile).containsPattern("(?m)^COPY " + Pattern.quote(jar) + " /opt/casebridge/casebridge-gateway.jar\\s*$");
        assertThat(Files.readAllLines(DOCKER.resolve("gateway/Dockerfile.dockerignore"))).contains("!" + jar);
        assertThat(dockerfile).containsPattern("(?m)^EXPOSE 8080\\s*$");
        assertThat(dockerfile).containsPattern("(?m)^VOLUME \\[\"/var/lib/casebridge\"]\\s*$");
        assertThat(dockerfile).contains(
                "ENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=75\", \"-jar\", \"/opt/casebridge/casebridge-gateway.jar\"]");

        Matcher user = Pattern.compile("(?m)^USER (\\S+)\\s*$").matcher(dockerfile);
        String lastUser = null;
        while (user.find()) {
            lastUser = user.group(1);
        }
        assertThat(lastUser).as("the image sets a USER").isNotNull();
        Matcher argument = Pattern.compile("(?m)^ARG ([A-Za-z_][A-Za-z0-9_]*)=(\\S+)\\s*$").matcher(dockerfile);
        while (argument.find()) {
            lastUser = lastUser.replace("${" + argument.group(1) + "}", argument.group(2));
        }
        assertThat(lastUser).as("the gateway runs as a numeric non-root user").matches("[1-9][0-9]*(:[0-9]+)?");

        Matcher healthcheck = Pattern.compile("(?m)^\\s+CMD (\\[.*])\\s*$").matcher(dockerfile);
        assertThat(healthcheck.find()).isTrue();
        JsonNode command = JSON.readTree(healthcheck.group(1));
        assertThat(command.get(0).asString()).isEqualTo("bash");
        assertThat(command.get(2).asString()).contains("/actuator/health/readiness");
    }

    // ---------------------------------------------------------------- helpers

    private static Schema composeSchema() throws IOException {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
        // The schema's own $id is relative ("compose_spec.json"): give it a base to resolve against.
        // Its $refs are all internal, so nothing is fetched.
        try (InputStream in = Files.newInputStream(COMPOSE_SCHEMA)) {
            return registry.getSchema(SchemaLocation.of("https://casebridge.invalid/docker/schema/compose-spec.json"),
                    in, InputFormat.JSON);
        }
    }

    private static String describe(com.networknt.schema.Error error) {
        return error.getInstanceLocation() + ": " + error.getMessage();
    }

    private static JsonNode compose() throws IOException {
        try (InputStream in = Files.newInputStream(COMPOSE)) {
            return YAML.readTree(in);
        }
    }

    private static String gatewayEnvironment(String name) throws IOException {
        return compose().path("services").path("gateway").path("environment").path(name).asString();
    }

    private static JsonNode readJson(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return JSON.readTree(in);
        }
    }

    private static Element brokerCore() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(BROKER_XML.toFile());
        Element root = document.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo("urn:activemq");
        assertThat(root.getLocalName()).isEqualTo("configuration");
        List<Element> cores = new ArrayList<>();
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && "urn:activemq:core".equals(element.getNamespaceURI())
                    && "core".equals(element.getLocalName())) {
                cores.add(element);
            }
        }
        assertThat(cores).hasSize(1);
        return cores.get(0);
    }

    /** What EmbeddedBrokerConfiguration (package-private) applies to the embedded broker. */
    private static Configuration embeddedBrokerSettings() throws Exception {
        Class<?> type = Class.forName("org.casebridge.gateway.embedded.EmbeddedBrokerConfiguration");
        var constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        var method = type.getDeclaredMethod("casebridgeBrokerSettings");
        method.setAccessible(true);
        ArtemisConfigurationCustomizer customizer = (ArtemisConfigurationCustomizer) method.invoke(constructor.newInstance());
        ConfigurationImpl configuration = new ConfigurationImpl();
        customizer.customize(configuration);
        return configuration;
    }

    /** Replaces ${NAME:-default} by its default, as Compose does while NAME is unset. */
    private static String withDefaults(String text) {
        return REFERENCE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(":-".equals(m.group(2)) ? m.group(3) : ""));
    }

    private static void forEachText(JsonNode node, Consumer<String> action) {
        if (node.isString()) {
            action.accept(node.asString());
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : fields(node)) {
                action.accept(field.getKey());
                forEachText(field.getValue(), action);
            }
        } else if (node.isArray()) {
            node.forEach(child -> forEachText(child, action));
        }
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        if (node.isObject()) {
            node.properties().forEach(fields::add);
        }
        return fields;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields(node).iterator(); it.hasNext(); ) {
            names.add(it.next().getKey());
        }
        return names;
    }
}
