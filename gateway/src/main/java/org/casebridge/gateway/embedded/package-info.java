/**
 * Embedded PostgreSQL for a gateway started with its defaults: a real PostgreSQL 17 server whose
 * data lives under the data directory. Off as soon as {@code spring.datasource.url} names an
 * external database.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Embedded services", allowedDependencies = {})
package org.casebridge.gateway.embedded;
