package org.casebridge.testkit.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds the unpacked Keycloak distribution and the repository. The build writes both into
 * {@code org/casebridge/testkit/testkit.properties}; when that file was not filtered (or the test
 * kit runs from somewhere unexpected) the paths are found from where the classes and the working
 * directory are. System properties / environment variables override everything:
 * {@code casebridge.keycloak.home} / {@code CASEBRIDGE_KEYCLOAK_HOME} and
 * {@code casebridge.repository.root} / {@code CASEBRIDGE_REPOSITORY_ROOT}.
 */
public final class TestkitPaths {

    static final String PROPERTIES = "/org/casebridge/testkit/testkit.properties";
    static final String REALM_FILE = "docker/keycloak/casebridge-realm.json";

    private static final Properties BUILD = load();

    static Path keycloakHome() {
        Optional<Path> configured = setting("casebridge.keycloak.home", "CASEBRIDGE_KEYCLOAK_HOME").map(Path::of);
        if (configured.isPresent()) {
            return requireDistribution(configured.get(), "casebridge.keycloak.home");
        }
        Optional<Path> built = filtered("keycloak.home").map(Path::of).filter(TestkitPaths::isDistribution);
        if (built.isPresent()) {
            return built.get();
        }
        Optional<Path> beside = testkitTarget().flatMap(TestkitPaths::distributionUnder);
        if (beside.isPresent()) {
            return beside.get();
        }
        Optional<Path> inRepository = repositoryRootIfKnown()
                .flatMap(root -> distributionUnder(root.resolve("testkit").resolve("target")));
        return inRepository.orElseThrow(() -> new IllegalStateException(
                "The Keycloak distribution is not unpacked. Build the test kit first (./mvnw -pl testkit -am"
                        + " process-resources) or set casebridge.keycloak.home / CASEBRIDGE_KEYCLOAK_HOME."));
    }

    /**
     * The unpacked standalone Artemis ({@code apache-artemis-<version>}), from the build or
     * {@code casebridge.artemis.home} / {@code CASEBRIDGE_ARTEMIS_HOME}.
     */
    public static Path artemisHome() {
        Optional<Path> home = setting("casebridge.artemis.home", "CASEBRIDGE_ARTEMIS_HOME").map(Path::of)
                .or(() -> filtered("artemis.home").map(Path::of));
        return home.filter(h -> Files.isRegularFile(h.resolve("bin").resolve("artemis")))
                .map(Path::toAbsolutePath)
                .orElseThrow(() -> new IllegalStateException("The Artemis distribution is not unpacked. Build the test kit"
                        + " first (./mvnw -pl testkit process-resources) or set casebridge.artemis.home."));
    }

    public static Path repositoryRoot() {
        return repositoryRootIfKnown().orElseThrow(() -> new IllegalStateException(
                "Cannot find the repository (no " + REALM_FILE + " above " + Path.of("").toAbsolutePath()
                        + "). Set casebridge.repository.root / CASEBRIDGE_REPOSITORY_ROOT."));
    }

    static Path realmFile() {
        return repositoryRoot().resolve(REALM_FILE);
    }

    /** The directory for logs: the current module's {@code target} when there is one. */
    public static Path buildDirectory() {
        Path cwdTarget = Path.of("").toAbsolutePath().resolve("target");
        if (Files.isDirectory(cwdTarget)) {
            return cwdTarget;
        }
        return testkitTarget().orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir")));
    }

    private static Optional<Path> repositoryRootIfKnown() {
        Optional<Path> configured = setting("casebridge.repository.root", "CASEBRIDGE_REPOSITORY_ROOT").map(Path::of);
        if (configured.isPresent()) {
            return configured;
        }
        Optional<Path> built = filtered("repository.root").map(Path::of).filter(TestkitPaths::hasRealmFile);
        if (built.isPresent()) {
            return built;
        }
        Optional<Path> fromClasses = testkitTarget().flatMap(TestkitPaths::searchUp);
        return fromClasses.isPresent() ? fromClasses : searchUp(Path.of("").toAbsolutePath());
    }

    private static Optional<Path> searchUp(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (hasRealmFile(dir)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static boolean hasRealmFile(Path dir) {
        return Files.isRegularFile(dir.resolve(REALM_FILE));
    }

    static boolean isDistribution(Path home) {
        return Files.isRegularFile(home.resolve("bin").resolve("kc.sh"));
    }

    private static Path requireDistribution(Path home, String what) {
        if (!isDistribution(home)) {
            throw new IllegalStateException(what + " = " + home + " is not a Keycloak distribution (no bin/kc.sh)");
        }
        return home.toAbsolutePath();
    }

    /** {@code <target>/keycloak/keycloak-<version>}; the version from the build when known. */
    private static Optional<Path> distributionUnder(Path target) {
        Path parent = target.resolve("keycloak");
        Optional<String> version = filtered("keycloak.version");
        if (version.isPresent()) {
            Path home = parent.resolve("keycloak-" + version.get());
            return isDistribution(home) ? Optional.of(home) : Optional.empty();
        }
        if (!Files.isDirectory(parent)) {
            return Optional.empty();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(p -> p.getFileName().toString().startsWith("keycloak-"))
                    .filter(TestkitPaths::isDistribution)
                    .sorted()
                    .reduce((first, second) -> second);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test kit's {@code target} directory when its classes are loaded from a directory. */
    private static Optional<Path> testkitTarget() {
        URL url = TestkitPaths.class.getResource(PROPERTIES);
        if (url == null || !"file".equals(url.getProtocol())) {
            return Optional.empty();
        }
        try {
            // <target>/classes/org/casebridge/testkit/testkit.properties
            Path classes = Path.of(url.toURI()).getParent().getParent().getParent().getParent();
            return Optional.ofNullable(classes.getParent());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** A value of testkit.properties, unless it is missing or still holds an unreplaced placeholder. */
    private static Optional<String> filtered(String key) {
        String value = BUILD.getProperty(key);
        if (value == null || value.isBlank() || value.contains("${") || value.contains("@")) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    private static Optional<String> setting(String property, String env) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = TestkitPaths.class.getResourceAsStream(PROPERTIES)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private TestkitPaths() {
    }
}
