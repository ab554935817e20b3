package org.casebridge.gateway.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every event against every state: which transitions the Chinese profile allows, and where they lead. */
class ChineseProfileTest {

    @ParameterizedTest(name = "{1} in {0} -> {2}")
    @CsvSource({
            "SUBMITTED,    DELIVERED,    DELIVERED",
            "SUBMITTED,    RECEIVED,     RECEIVED",
            "DELIVERED,    RECEIVED,     RECEIVED",
            "DELIVERED,    FORWARDED,    FORWARDED",
            "RECEIVED,     FORWARDED,    FORWARDED",
            "RECEIVED,     DEFICIENT,    DEFICIENT",
            "UNDER_REVIEW, DEFICIENT,    DEFICIENT",
            "DEFICIENT,    SUPPLEMENTED, UNDER_REVIEW",
            "RECEIVED,     REGISTERED,   REGISTERED",
            "UNDER_REVIEW, REGISTERED,   REGISTERED",
            "RECEIVED,     REFUSED,      REFUSED",
            "UNDER_REVIEW, REFUSED,      REFUSED",
            "SUBMITTED,    REGISTERED,   ",
            "DELIVERED,    DEFICIENT,    ",
            "DEFICIENT,    REGISTERED,   ",
            "RECEIVED,     SUPPLEMENTED, ",
            "REGISTERED,   REFUSED,      ",
            "REFUSED,      REGISTERED,   ",
            "FORWARDED,    RECEIVED,     ",
            "REGISTERED,   DELIVERED,    ",
    })
    void transitions(HandoffState from, LifecycleEvent event, HandoffState expected) {
        Transition transition = ChineseProfile.of(event);
        boolean allowed = transition != null && transition.from().contains(from);
        if (expected == null) {
            assertThat(allowed).as(event + " in " + from).isFalse();
            assertThat(ChineseProfile.allowedIn(from)).doesNotContain(event);
        } else {
            assertThat(allowed).as(event + " in " + from).isTrue();
            assertThat(transition.to()).isEqualTo(expected);
            assertThat(ChineseProfile.allowedIn(from)).contains(event);
        }
    }
}
