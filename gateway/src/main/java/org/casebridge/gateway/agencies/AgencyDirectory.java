package org.casebridge.gateway.agencies;

import java.util.Collection;
import java.util.Optional;

/** The configured agencies. */
public interface AgencyDirectory {

    Optional<Agency> find(String agencyId);

    Collection<Agency> all();
}
