package org.casebridge.adapter.spi;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;

/** For agencies that sign their requests with X.509 instead of holding tokens: whose certificate is whose. */
public interface CertificateIdentities {

    /** Certificates a signed request may be verified with, one per agency that configured one. */
    Collection<X509Certificate> trusted();

    /** The agency system that signs with this certificate, as a caller; empty for any other certificate. */
    Optional<Caller> callerFor(X509Certificate certificate);
}
