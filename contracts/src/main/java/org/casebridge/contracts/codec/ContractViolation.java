package org.casebridge.contracts.codec;

/**
 * One way a message breaks its contract.
 *
 * @param field where: an XML path such as {@code Message/sender/agency} or a JSON pointer such as {@code /sender/agency}
 * @param message what is wrong, in words a person can act on
 */
public record ContractViolation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
