package org.casebridge.gateway.lifecycle;

import static org.casebridge.gateway.lifecycle.HandoffState.DEFICIENT;
import static org.casebridge.gateway.lifecycle.HandoffState.DELIVERED;
import static org.casebridge.gateway.lifecycle.HandoffState.EXPLAINED;
import static org.casebridge.gateway.lifecycle.HandoffState.FORWARDED;
import static org.casebridge.gateway.lifecycle.HandoffState.INDICTED;
import static org.casebridge.gateway.lifecycle.HandoffState.INVESTIGATING;
import static org.casebridge.gateway.lifecycle.HandoffState.ITEMS_HANDED_OVER;
import static org.casebridge.gateway.lifecycle.HandoffState.MOVED;
import static org.casebridge.gateway.lifecycle.HandoffState.NOT_PROSECUTED;
import static org.casebridge.gateway.lifecycle.HandoffState.PROSECUTION_REVIEW;
import static org.casebridge.gateway.lifecycle.HandoffState.PROSECUTION_SUBMITTED;
import static org.casebridge.gateway.lifecycle.HandoffState.RECEIVED;
import static org.casebridge.gateway.lifecycle.HandoffState.RECON_DECIDED;
import static org.casebridge.gateway.lifecycle.HandoffState.RECON_REQUESTED;
import static org.casebridge.gateway.lifecycle.HandoffState.REFUSED;
import static org.casebridge.gateway.lifecycle.HandoffState.REFUSED_FINAL;
import static org.casebridge.gateway.lifecycle.HandoffState.REGISTERED;
import static org.casebridge.gateway.lifecycle.HandoffState.REGISTER_ORDERED;
import static org.casebridge.gateway.lifecycle.HandoffState.RETURNED;
import static org.casebridge.gateway.lifecycle.HandoffState.REVERSE_TRANSFERRED;
import static org.casebridge.gateway.lifecycle.HandoffState.REVOKED;
import static org.casebridge.gateway.lifecycle.HandoffState.SUBMITTED;
import static org.casebridge.gateway.lifecycle.HandoffState.SUPERVISION;
import static org.casebridge.gateway.lifecycle.HandoffState.SUPERVISION_CLOSED;
import static org.casebridge.gateway.lifecycle.HandoffState.UNDER_REVIEW;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The transitions of the Chinese profile (DOMAIN.md; SC = 行政执法机关移送涉嫌犯罪案件的规定,
 * PC = 公安机关办理刑事案件程序规定, CPL = 刑事诉讼法): transfer, receipt or forwarding (SC 7),
 * deficiency and supplement (PC 180), register or refuse (SC 8), reconsideration (SC 9, PC 181),
 * prosecutor supervision with explanation and register order (SC 9, CPL 113), handover of seized
 * items (SC 12), investigation, move or revocation (PC 184, 189), review for prosecution with at
 * most two returns (CPL 172, 175), reverse transfer (SC 13) and closure.
 */
final class ChineseProfile {

    static final String ID = "cn";

    /** CPL 175: at most two returns for supplementary investigation. */
    static final int MAX_RETURNS = 2;

    private static final Map<LifecycleEvent, Transition> TRANSITIONS = new EnumMap<>(LifecycleEvent.class);

    static {
        add(LifecycleEvent.DELIVERED, Set.of(SUBMITTED), DELIVERED);
        add(LifecycleEvent.RECEIVED, Set.of(SUBMITTED, DELIVERED), RECEIVED);
        add(LifecycleEvent.FORWARDED, Set.of(SUBMITTED, DELIVERED, RECEIVED), FORWARDED);
        add(LifecycleEvent.DEFICIENT, Set.of(RECEIVED, UNDER_REVIEW), DEFICIENT);
        add(LifecycleEvent.SUPPLEMENTED, Set.of(DEFICIENT), UNDER_REVIEW);
        add(LifecycleEvent.REGISTERED, Set.of(RECEIVED, UNDER_REVIEW, RECON_DECIDED, SUPERVISION, EXPLAINED, REGISTER_ORDERED), REGISTERED);
        add(LifecycleEvent.REFUSED, Set.of(RECEIVED, UNDER_REVIEW), REFUSED);
        add(LifecycleEvent.RECON_REQUESTED, Set.of(REFUSED), RECON_REQUESTED);
        add(LifecycleEvent.RECON_DECIDED, Set.of(RECON_REQUESTED), RECON_DECIDED);
        add(LifecycleEvent.REFUSED_FINAL, Set.of(RECON_DECIDED), REFUSED_FINAL);
        add(LifecycleEvent.SUPERVISION, Set.of(REFUSED, REFUSED_FINAL), SUPERVISION);
        add(LifecycleEvent.EXPLANATION_REQUESTED, Set.of(SUPERVISION), SUPERVISION);
        add(LifecycleEvent.EXPLAINED, Set.of(SUPERVISION), EXPLAINED);
        add(LifecycleEvent.REGISTER_ORDERED, Set.of(SUPERVISION, EXPLAINED), REGISTER_ORDERED);
        add(LifecycleEvent.SUPERVISION_CLOSED, Set.of(SUPERVISION, EXPLAINED), SUPERVISION_CLOSED);
        add(LifecycleEvent.ITEMS_HANDED_OVER, Set.of(REGISTERED), ITEMS_HANDED_OVER);
        add(LifecycleEvent.INVESTIGATING, Set.of(REGISTERED, ITEMS_HANDED_OVER), INVESTIGATING);
        add(LifecycleEvent.MOVED, Set.of(REGISTERED, ITEMS_HANDED_OVER, INVESTIGATING), MOVED);
        add(LifecycleEvent.REVOKED, Set.of(REGISTERED, ITEMS_HANDED_OVER, INVESTIGATING), REVOKED);
        add(LifecycleEvent.PROSECUTION_SUBMITTED, Set.of(REGISTERED, ITEMS_HANDED_OVER, INVESTIGATING), PROSECUTION_SUBMITTED);
        add(LifecycleEvent.PROSECUTION_RECEIVED, Set.of(PROSECUTION_SUBMITTED), PROSECUTION_REVIEW);
        add(LifecycleEvent.FAST_TRACK_RECEIVED, Set.of(PROSECUTION_SUBMITTED), PROSECUTION_REVIEW);
        add(LifecycleEvent.RETURNED, Set.of(PROSECUTION_REVIEW), RETURNED);
        add(LifecycleEvent.RESUBMITTED, Set.of(RETURNED), PROSECUTION_REVIEW);
        add(LifecycleEvent.INDICTED, Set.of(PROSECUTION_REVIEW), INDICTED);
        add(LifecycleEvent.NOT_PROSECUTED, Set.of(PROSECUTION_REVIEW), NOT_PROSECUTED);
        add(LifecycleEvent.REVERSE_TRANSFERRED, Set.of(REVOKED, REFUSED_FINAL, SUPERVISION_CLOSED, NOT_PROSECUTED), REVERSE_TRANSFERRED);
        add(LifecycleEvent.CLOSED, Set.of(FORWARDED, MOVED, REVOKED, REFUSED_FINAL, SUPERVISION_CLOSED, INDICTED, NOT_PROSECUTED,
                REVERSE_TRANSFERRED), HandoffState.CLOSED);
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
