package org.casebridge.gateway.clocks;

import java.time.Instant;

/**
 * A deadline warning fired, published inside the transaction that marks it fired, so that
 * listeners' writes (read models, change notices) commit or roll back with it.
 *
 * @param level HALF, WARNING, DUE or OVERDUE, as the clock's rule names it
 */
public record WarningFired(String warningId, String handoffId, String clock, String level, String responsible,
        Instant dueAt, Instant firedAt) {
}
