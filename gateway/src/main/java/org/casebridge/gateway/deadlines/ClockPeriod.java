package org.casebridge.gateway.deadlines;

/** An amount of a unit, e.g. 3 calendar days or 1 month. */
public record ClockPeriod(long amount, PeriodUnit unit) {

    public ClockPeriod {
        if (amount < 1) {
            throw new IllegalArgumentException("a period is at least 1 " + unit + ", found " + amount);
        }
        if (unit == null) {
            throw new IllegalArgumentException("a period needs a unit");
        }
    }

    public boolean inHours() {
        return unit == PeriodUnit.HOURS;
    }

    @Override
    public String toString() {
        return amount + " " + unit.label(amount);
    }
}
