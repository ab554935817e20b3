package org.casebridge.adapter.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.adapter.spi.InboxPort;
import org.casebridge.adapter.spi.SignedDocument;
import org.casebridge.contracts.v1.DispatchKind;

/**
 * Response bodies that embed signed JSON. The signed object is written as the exact canonical
 * bytes its JWS covers, never re-serialized, so any verifier gets back what was signed.
 */
final class JsonBodies {

    private JsonBodies() {
    }

    /** {@code {"<name>": <signed object>, "jws": "..."}} */
    static String signed(String name, SignedDocument document) {
        return "{\"" + name + "\":" + new String(document.content(), StandardCharsets.UTF_8)
                + ",\"jws\":\"" + document.jws() + "\"}";
    }

    static String delivery(String dispatchId, DispatchKind kind, SignedDocument document) {
        String body = switch (kind) {
            case MESSAGE -> "\"sealedMessage\":" + signed("message", document);
            case DELIVERY_RECEIPT -> "\"deliveryReceipt\":" + signed("receipt", document);
            case DEADLINE_WARNING -> "\"deadlineWarning\":" + signed("warning", document);
        };
        return "{\"dispatchId\":\"" + dispatchId + "\",\"kind\":\"" + kind.value() + "\"," + body + "}";
    }

    static String inbox(List<InboxPort.Delivery> deliveries) {
        StringBuilder out = new StringBuilder("{\"deliveries\":[");
        for (int i = 0; i < deliveries.size(); i++) {
            InboxPort.Delivery delivery = deliveries.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append(delivery(delivery.dispatchId(), delivery.kind(), delivery.document()));
        }
        return out.append("]}").toString();
    }

    /** Reads a request body up to a limit; a larger one is refused before it is parsed. */
    static byte[] readBounded(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[8192];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            total += read;
            if (total > limit) {
                throw new GatewayRejection(Reason.TOO_LARGE, "the message exceeds " + limit + " bytes; "
                        + "attachments travel separately, through /api/v1/attachments");
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }
}
