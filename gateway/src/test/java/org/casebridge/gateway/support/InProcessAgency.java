package org.casebridge.gateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.casebridge.adapter.spi.Caller;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.adapter.spi.InboxPort;
import org.casebridge.adapter.spi.IntakePort;
import org.casebridge.contracts.codec.ContractJson;
import org.casebridge.contracts.v1.DispatchKind;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * An agency system talking to the gateway through its adapter ports in-process: what an adapter
 * does after authentication. For tests that move the gateway's clock far past the real time,
 * where the realm's tokens would look expired.
 */
public final class InProcessAgency {

    private final String agencyId;
    private final Caller caller;
    private final IntakePort intake;
    private final InboxPort inbox;

    public InProcessAgency(ApplicationContext gateway, String agencyId) {
        this.agencyId = agencyId;
        this.caller = new Caller(agencyId, agencyId, Set.of("agency-system"));
        this.intake = gateway.getBean(IntakePort.class);
        this.inbox = gateway.getBean(InboxPort.class);
    }

    public String id() {
        return agencyId;
    }

    public IntakePort.Submitted submit(JsonNode message) {
        return intake.submit(caller, Messages.toModel(message), Encoding.JSON);
    }

    /** Takes everything waiting in the inbox, acknowledging each; returns the deliveries taken. */
    public List<Taken> drain() {
        List<Taken> taken = new ArrayList<>();
        List<InboxPort.Delivery> page;
        do {
            page = inbox.fetch(caller, InboxPort.MAX_PAGE, Encoding.JSON);
            for (InboxPort.Delivery delivery : page) {
                taken.add(new Taken(delivery.kind(), ContractJson.mapper().readTree(delivery.document().content())));
                inbox.acknowledge(caller, delivery.dispatchId(), Encoding.JSON);
            }
        } while (!page.isEmpty());
        return taken;
    }

    /** A delivery taken from the inbox: its kind and its signed document, as JSON. */
    public record Taken(DispatchKind kind, JsonNode document) {
    }
}
