package org.casebridge.gateway.access;

/**
 * Which cases a caller may read.
 *
 * @param all      every case (auditors)
 * @param agencyId the agency whose cases may be read; null when none or all
 */
public record ReadScope(boolean all, String agencyId) {

    static final ReadScope NONE = new ReadScope(false, null);
    static final ReadScope ALL = new ReadScope(true, null);

    public boolean none() {
        return !all && agencyId == null;
    }
}
