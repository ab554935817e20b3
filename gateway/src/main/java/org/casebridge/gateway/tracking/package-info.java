/**
 * Tracking: where each handoff stands, for the people who watch them (liaison officers,
 * prosecutors, auditors) and for agency systems. Metadata only; payloads are read as messages.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tracking", allowedDependencies = {"access", "archive", "clocks", "deadlines", "lifecycle", "routing"})
package org.casebridge.gateway.tracking;
