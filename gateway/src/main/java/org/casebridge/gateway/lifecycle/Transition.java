package org.casebridge.gateway.lifecycle;

import java.util.Set;

/** One rule of the state machine: this event, in one of these states, leads to that state. */
record Transition(LifecycleEvent event, Set<HandoffState> from, HandoffState to) {

    Transition {
        // In declaration order, so that messages naming the states read the same every time.
        from = java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(from));
    }
}
