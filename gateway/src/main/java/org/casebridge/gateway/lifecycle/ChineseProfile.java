package org.casebridge.gateway.lifecycle;

import static org.casebridge.gateway.lifecycle.HandoffState.DEFICIENT;
import static org.casebridge.gateway.lifecycle.HandoffState.DELIVERED;
import static org.casebridge.gateway.lifecycle.HandoffState.RECEIVED;
import static org.casebridge.gateway.lifecycle.HandoffState.SUBMITTED;
import static org.casebridge.gateway.lifecycle.HandoffState.UNDER_REVIEW;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The transitions of the Chinese profile (SC = 行政执法机关移送涉嫌犯罪案件的规定, PC =
 * 公安机关办理刑事案件程序规定): transfer, receipt or forwarding (SC 7), deficiency and
 * supplement (PC 180), register or refuse (SC 8, PC 180).
 */
final class ChineseProfile {

    static final String ID = "cn";

    private static final Map<LifecycleEvent, Transition> TRANSITIONS = new EnumMap<>(LifecycleEvent.class);

    static {
        add(LifecycleEvent.DELIVERED, Set.of(SUBMITTED), DELIVERED);
        add(LifecycleEvent.RECEIVED, Set.of(SUBMITTED, DELIVERED), RECEIVED);
        add(LifecycleEvent.FORWARDED, Set.of(SUBMITTED, DELIVERED, RECEIVED), HandoffState.FORWARDED);
        add(LifecycleEvent.DEFICIENT, Set.of(RECEIVED, UNDER_REVIEW), DEFICIENT);
        add(LifecycleEvent.SUPPLEMENTED, Set.of(DEFICIENT), UNDER_REVIEW);
        add(LifecycleEvent.REGISTERED, Set.of(RECEIVED, UNDER_REVIEW), HandoffState.REGISTERED);
        add(LifecycleEvent.REFUSED, Set.of(RECEIVED, UNDER_REVIEW), HandoffState.REFUSED);
    }

    private ChineseProfile() {
    }

    private static void add(LifecycleEvent event, Set<HandoffState> from, HandoffState to) {
        TRANSITIONS.put(event, new Transition(event, from, to));
    }

    static Transition of(LifecycleEvent event) {
        return TRANSITIONS.get(event);
    }

    /** The events that may happen in a state. */
    static Set<LifecycleEvent> allowedIn(HandoffState state) {
        Set<LifecycleEvent> allowed = EnumSet.noneOf(LifecycleEvent.class);
        TRANSITIONS.values().stream().filter(t -> t.from().contains(state)).forEach(t -> allowed.add(t.event()));
        return allowed;
    }
}
