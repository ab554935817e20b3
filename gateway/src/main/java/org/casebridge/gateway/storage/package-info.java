/**
 * Storage guard: intake refuses what it cannot keep. A free-space watermark on every directory
 * the gateway writes to, the classification of store failures into stable refusals, a bound on
 * how long the outbox may wait for the broker, and the readiness probe that says all of it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Storage guard", allowedDependencies = {"routing"})
package org.casebridge.gateway.storage;
