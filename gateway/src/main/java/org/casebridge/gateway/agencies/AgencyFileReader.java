package org.casebridge.gateway.agencies;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.casebridge.contracts.v1.DeliveryMode;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and validates an agency file. Every problem in the file is reported at once, each with
 * the entry it belongs to, so an operator fixes the file in one pass.
 */
final class AgencyFileReader {

    static final int SUPPORTED_VERSION = 1;
    private static final Pattern AGENCY_ID = Pattern.compile("[a-z0-9][a-z0-9\\-]{1,62}");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private AgencyFileReader() {
    }

    /** With the built-in defaults of {@code casebridge.delivery.*}. */
    static Map<String, Agency> read(InputStream in, String source) {
        return read(in, source, new DeliveryDefaults(Duration.ofMillis(500), Duration.ofSeconds(60),
                RetryPolicy.Backoff.PROGRESSIVE, 2, 30).policy());
    }

    /** @param retryDefaults the policy of {@code casebridge.delivery.*}, for whatever an entry leaves out */
    static Map<String, Agency> read(InputStream in, String source, RetryPolicy retryDefaults) {
        AgencyFile file;
        try {
            file = YAML.readValue(in, AgencyFile.class);
        } catch (JacksonException e) {
            throw new InvalidAgencyFile(source, List.of("not a valid agency file: " + e.getOriginalMessage()));
        }
        List<String> problems = new ArrayList<>();
        if (file == null || file.agencies() == null || file.agencies().isEmpty()) {
            throw new InvalidAgencyFile(source, List.of("no agencies are listed"));
        }
        if (file.version() == null || file.version() != SUPPORTED_VERSION) {
            problems.add("version must be " + SUPPORTED_VERSION + ", found " + file.version());
        }
        Map<String, Agency> agencies = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < file.agencies().size(); i++) {
            AgencyFile.Entry entry = file.agencies().get(i);
            String where = "agencies[" + i + "]" + (entry.id() == null ? "" : " (" + entry.id() + ")");
            List<String> entryProblems = new ArrayList<>();
            Agency agency = toAgency(entry, retryDefaults, entryProblems);
            entryProblems.forEach(p -> problems.add(where + ": " + p));
            if (agency != null && entryProblems.isEmpty()) {
                if (!seen.add(agency.id())) {
                    problems.add(where + ": id " + agency.id() + " is listed twice");
                }
                agencies.put(agency.id(), agency);
            }
        }
        problems.addAll(prefixProblems(agencies.keySet()));
        if (!problems.isEmpty()) {
            throw new InvalidAgencyFile(source, problems);
        }
        return Map.copyOf(agencies);
    }

    /**
     * An agency's messages and handoffs carry ids that start with its id and a dash; an id that is
     * another's plus a dash and more ({@code hohhot-psb-east} beside {@code hohhot-psb}) would share
     * that namespace, so the one agency could take the other's ids. Refused.
     */
    private static List<String> prefixProblems(Set<String> ids) {
        List<String> problems = new ArrayList<>();
        for (String id : ids) {
            for (String other : ids) {
                if (id.startsWith(other + "-")) {
                    problems.add("id " + id + " starts with the id of agency " + other + " and a dash; the ids of "
                            + id + "'s messages would be in " + other + "'s namespace. Choose ids that do not extend one another");
                }
            }
        }
        return problems;
    }

    private static Agency toAgency(AgencyFile.Entry entry, RetryPolicy retryDefaults, List<String> problems) {
        if (entry.id() == null || !AGENCY_ID.matcher(entry.id()).matches()) {
            problems.add("id must be 2-63 lower-case letters, digits or dashes, found " + entry.id());
        }
        if (entry.name() == null || entry.name().isBlank()) {
            problems.add("name is missing");
        }
        AgencyKind kind = parseEnum(AgencyKind.class, entry.kind(), "kind", problems);
        AgencyFile.Delivery delivery = entry.delivery();
        if (delivery == null) {
            problems.add("delivery is missing (mode PULL, PUSH_REST or PUSH_SOAP)");
            return null;
        }
        DeliveryMode mode = parseEnum(DeliveryMode.class, delivery.mode(), "delivery.mode", problems);
        Optional<URI> endpoint = parseEndpoint(delivery.endpoint(), mode, problems);
        Duration connectTimeout = parseDuration(delivery.connectTimeout(), Duration.ofSeconds(5), "delivery.connect-timeout", problems);
        Duration readTimeout = parseDuration(delivery.readTimeout(), Duration.ofSeconds(30), "delivery.read-timeout", problems);
        int consumers = delivery.consumers() == null ? 2 : delivery.consumers();
        if (consumers < 1 || consumers > 32) {
            problems.add("delivery.consumers must be between 1 and 32, found " + consumers);
        }
        RetryPolicy retry = RetryPolicyReader.read(delivery.retry(), mode, retryDefaults, problems);
        Optional<X509Certificate> certificate = parseCertificate(entry.certificate(), problems);
        if (!problems.isEmpty()) {
            return null;
        }
        return new Agency(entry.id(), entry.name().strip(), kind, mode, endpoint, connectTimeout, readTimeout,
                consumers, retry, entry.units() == null ? List.of() : entry.units(), certificate);
    }

    private static Optional<URI> parseEndpoint(String value, DeliveryMode mode, List<String> problems) {
        if (mode == null) {
            return Optional.empty();
        }
        if (mode == DeliveryMode.PULL) {
            if (value != null) {
                problems.add("delivery.endpoint is set but mode PULL never pushes; remove it or choose a push mode");
            }
            return Optional.empty();
        }
        if (value == null || value.isBlank()) {
            problems.add("delivery.endpoint is required for mode " + mode);
            return Optional.empty();
        }
        try {
            URI uri = URI.create(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                problems.add("delivery.endpoint must be an absolute http(s) URL, found " + value);
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (IllegalArgumentException e) {
            problems.add("delivery.endpoint is not a URL: " + value);
            return Optional.empty();
        }
    }

    private static Duration parseDuration(String value, Duration fallback, String field, List<String> problems) {
        if (value == null) {
            return fallback;
        }
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofMinutes(10)) > 0) {
                problems.add(field + " must be positive and at most PT10M, found " + value);
            }
            return duration;
        } catch (DateTimeParseException e) {
            problems.add(field + " must be an ISO-8601 duration such as PT30S, found " + value);
            return fallback;
        }
    }

    private static Optional<X509Certificate> parseCertificate(String pem, List<String> problems) {
        if (pem == null || pem.isBlank()) {
            return Optional.empty();
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return Optional.of((X509Certificate) factory.generateCertificate(
                    new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII))));
        } catch (CertificateException | ClassCastException e) {
            problems.add("certificate is not a PEM X.509 certificate: " + e.getMessage());
            return Optional.empty();
        }
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field, List<String> problems) {
        if (value == null) {
            problems.add(field + " is missing");
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(constant.name());
            }
            problems.add(field + " must be one of " + allowed + ", found " + value);
            return null;
        }
    }
}
