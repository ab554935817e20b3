/**
 * The agencies connected to the gateway: who they are, what kind, and how each one takes
 * delivery. Loaded from a file at start-up and validated as a whole.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Agencies", allowedDependencies = {"audit"})
package org.casebridge.gateway.agencies;
