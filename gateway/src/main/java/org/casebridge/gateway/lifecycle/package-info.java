/**
 * The handoff lifecycle: a state machine per handoff (the Chinese profile of DOMAIN.md), driven by
 * the messages of the handoff and by deliveries. Every transition is a stored event signed by the
 * gateway, and the state can be replayed from the events alone.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Lifecycle", allowedDependencies = {"audit", "receipts"})
package org.casebridge.gateway.lifecycle;
