package org.casebridge.gateway.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
            "REFUSED,               RECON_REQUESTED,       RECON_REQUESTED",
            "RECON_REQUESTED,       RECON_DECIDED,         RECON_DECIDED",
            "RECON_DECIDED,         REGISTERED,            REGISTERED",
            "RECON_DECIDED,         REFUSED_FINAL,         REFUSED_FINAL",
            "REFUSED,               SUPERVISION,           SUPERVISION",
            "REFUSED_FINAL,         SUPERVISION,           SUPERVISION",
            "SUPERVISION,           EXPLANATION_REQUESTED, SUPERVISION",
            "SUPERVISION,           EXPLAINED,             EXPLAINED",
            "EXPLAINED,             REGISTER_ORDERED,      REGISTER_ORDERED",
            "REGISTER_ORDERED,      REGISTERED,            REGISTERED",
            "EXPLAINED,             SUPERVISION_CLOSED,    SUPERVISION_CLOSED",
            "REGISTERED,            ITEMS_HANDED_OVER,     ITEMS_HANDED_OVER",
            "ITEMS_HANDED_OVER,     INVESTIGATING,         INVESTIGATING",
            "INVESTIGATING,         MOVED,                 MOVED",
            "INVESTIGATING,         REVOKED,               REVOKED",
            "INVESTIGATING,         PROSECUTION_SUBMITTED, PROSECUTION_SUBMITTED",
            "PROSECUTION_SUBMITTED, PROSECUTION_RECEIVED,  PROSECUTION_REVIEW",
            "PROSECUTION_SUBMITTED, FAST_TRACK_RECEIVED,   PROSECUTION_REVIEW",
            "PROSECUTION_REVIEW,    RETURNED,              RETURNED",
            "RETURNED,              RESUBMITTED,           PROSECUTION_REVIEW",
            "PROSECUTION_REVIEW,    INDICTED,              INDICTED",
            "PROSECUTION_REVIEW,    NOT_PROSECUTED,        NOT_PROSECUTED",
            "NOT_PROSECUTED,        REVERSE_TRANSFERRED,   REVERSE_TRANSFERRED",
            "REVOKED,               REVERSE_TRANSFERRED,   REVERSE_TRANSFERRED",
            "INDICTED,              CLOSED,                CLOSED",
            "REVERSE_TRANSFERRED,   CLOSED,                CLOSED",
            "REFUSED,               REFUSED_FINAL,         ",
            "REFUSED,               RECON_DECIDED,         ",
            "RECON_REQUESTED,       SUPERVISION,           ",
            "SUPERVISION,           SUPERVISION_CLOSED,    SUPERVISION_CLOSED",
            "REGISTERED,            SUPERVISION,           ",
            "REGISTERED,            PROSECUTION_RECEIVED,  ",
            "RETURNED,              INDICTED,              ",
            "RETURNED,              RETURNED,              ",
            "INDICTED,              REVERSE_TRANSFERRED,   ",
            "PROSECUTION_REVIEW,    CLOSED,                ",
            "CLOSED,                REGISTERED,            ",
            "REGISTERED,            CLOSED,                ",
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

    @Test
    void everyStateIsReachableFromSubmissionAndOnlyClosedIsFinal() {
        Set<HandoffState> reached = EnumSet.of(HandoffState.SUBMITTED);
        Deque<HandoffState> frontier = new ArrayDeque<>(reached);
        while (!frontier.isEmpty()) {
            for (LifecycleEvent event : ChineseProfile.allowedIn(frontier.pop())) {
                if (reached.add(ChineseProfile.of(event).to())) {
                    frontier.add(ChineseProfile.of(event).to());
                }
            }
        }
        assertThat(reached).containsExactlyInAnyOrder(HandoffState.values());
        for (HandoffState state : HandoffState.values()) {
            if (state != HandoffState.CLOSED) {
                assertThat(ChineseProfile.allowedIn(state)).as("a way on from " + state).isNotEmpty();
            }
        }
        assertThat(ChineseProfile.allowedIn(HandoffState.CLOSED)).isEmpty();
    }
}
