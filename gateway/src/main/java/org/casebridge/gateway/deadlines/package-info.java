/**
 * Statutory deadlines: clock rules per jurisdiction profile and holiday calendars, both read
 * from data files, and a calculator that turns a rule and a start instant into a due instant,
 * warning instants and a step-by-step explanation. Pure Java apart from the Spring
 * configuration class, so the counting rules are tested as plain unit tests.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Deadlines", allowedDependencies = {"audit"})
package org.casebridge.gateway.deadlines;
