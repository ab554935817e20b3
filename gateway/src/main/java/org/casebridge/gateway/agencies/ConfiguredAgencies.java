package org.casebridge.gateway.agencies;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.casebridge.gateway.audit.AuditDetails;
import org.casebridge.gateway.audit.AuditedConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/** The agency directory loaded from {@code casebridge.agencies.file} at start-up. */
@Component
@EnableConfigurationProperties({ConfiguredAgencies.AgencyFileProperties.class, DeliveryDefaults.class})
class ConfiguredAgencies implements AgencyDirectory, AuditedConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredAgencies.class);

    private final Map<String, Agency> agencies;
    private final String sha256;

    ConfiguredAgencies(AgencyFileProperties properties, DeliveryDefaults defaults) {
        Resource file = properties.file();
        if (file == null || !file.exists()) {
            throw new InvalidAgencyFile(String.valueOf(file), java.util.List.of(
                    "the file does not exist; set casebridge.agencies.file to the agency configuration"));
        }
        try (InputStream in = file.getInputStream()) {
            // Read once: the digest the audit chain records is of the very bytes parsed.
            byte[] content = in.readAllBytes();
            this.sha256 = AuditDetails.sha256(content);
            this.agencies = AgencyFileReader.read(new java.io.ByteArrayInputStream(content), file.getDescription(), defaults.policy());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.getDescription(), e);
        }
        log.info("Loaded {} agencies from {}", agencies.size(), file.getDescription());
    }

    @Override
    public Map<String, String> configurationDigests() {
        return Map.of("agencies", sha256);
    }

    @Override
    public Optional<Agency> find(String agencyId) {
        return agencyId == null ? Optional.empty() : Optional.ofNullable(agencies.get(agencyId));
    }

    @Override
    public Collection<Agency> all() {
        return agencies.values();
    }

    /** @param file the agency configuration, e.g. {@code file:/etc/casebridge/agencies.yml} */
    @ConfigurationProperties("casebridge.agencies")
    record AgencyFileProperties(Resource file) {
    }
}
