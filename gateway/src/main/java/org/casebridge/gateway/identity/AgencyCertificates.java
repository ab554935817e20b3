package org.casebridge.gateway.identity;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.CertificateIdentities;
import org.casebridge.gateway.agencies.Agency;
import org.casebridge.gateway.agencies.AgencyDirectory;
import org.springframework.stereotype.Component;

/**
 * An agency's configured certificate stands for its system, exactly as its client in the realm
 * does: a request signed with it acts for that agency and nothing else.
 */
@Component
class AgencyCertificates implements CertificateIdentities {

    private final AgencyDirectory agencies;

    AgencyCertificates(AgencyDirectory agencies) {
        this.agencies = agencies;
    }

    @Override
    public Collection<X509Certificate> trusted() {
        return agencies.all().stream().flatMap(agency -> agency.certificate().stream()).toList();
    }

    @Override
    public Optional<Caller> callerFor(X509Certificate certificate) {
        return agencies.all().stream()
                .filter(agency -> agency.certificate().map(certificate::equals).orElse(false))
                .map(Agency::id)
                .findFirst()
                .map(id -> new Caller(id, id, Set.of(Roles.AGENCY_SYSTEM)));
    }
}
