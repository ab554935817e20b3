package org.casebridge.adapter.spi;

import java.util.Set;

/**
 * Who is calling, as the gateway's security established it from a verified token or signature.
 *
 * @param subject  the authenticated principal (client or person)
 * @param agencyId the agency the caller acts for, or {@code null} for people without one
 * @param roles    gateway roles, e.g. {@code agency-system}, {@code liaison-officer}
 */
public record Caller(String subject, String agencyId, Set<String> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean actsFor(String agency) {
        return agencyId != null && agencyId.equals(agency);
    }
}
