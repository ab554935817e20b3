package org.casebridge.gateway.deadlines;

/** A clock's name in Chinese and English, for the console and notices. */
public record LocalizedName(String zh, String en) {
}
