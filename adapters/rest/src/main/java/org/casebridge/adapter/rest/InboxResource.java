package org.casebridge.adapter.rest;

import java.util.Optional;
import java.util.regex.Pattern;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.InboxPort;
import org.casebridge.adapter.spi.SignedDocument;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The pull delivery mode: collect what waits, acknowledge each delivery once stored. */
@RestController
class InboxResource {

    private static final Pattern DISPATCH_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:\\-]{0,127}");

    private final InboxPort inbox;
    private final CallerContext callers;

    InboxResource(InboxPort inbox, CallerContext callers) {
        this.inbox = inbox;
        this.callers = callers;
    }

    @GetMapping(path = "/api/v1/inbox", produces = MediaType.APPLICATION_JSON_VALUE)
    String fetch(@RequestParam(defaultValue = "20") int max) {
        return JsonBodies.inbox(inbox.fetch(callers.current(), max, Encoding.JSON));
    }

    @PostMapping(path = "/api/v1/inbox/{dispatchId}/ack", produces = MediaType.APPLICATION_JSON_VALUE)
    String acknowledge(@PathVariable String dispatchId) {
        if (!DISPATCH_ID.matcher(dispatchId).matches()) {
            throw new GatewayRejection(GatewayRejection.Reason.NOT_FOUND, "no delivery " + dispatchId + " in the caller's inbox");
        }
        Optional<SignedDocument> receipt = inbox.acknowledge(callers.current(), dispatchId, Encoding.JSON);
        return "{\"dispatchId\":\"" + dispatchId + "\""
                + receipt.map(r -> ",\"deliveryReceipt\":" + JsonBodies.signed("receipt", r)).orElse("") + "}";
    }
}
