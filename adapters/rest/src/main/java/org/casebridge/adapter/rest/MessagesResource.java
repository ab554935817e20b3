package org.casebridge.adapter.rest;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.net.URI;
import java.util.List;
import org.casebridge.adapter.spi.CallerContext;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.GatewayRejection.Reason;
import org.casebridge.adapter.spi.IntakePort;
import org.casebridge.adapter.spi.RecordsPort;
import org.casebridge.adapter.spi.SignedDocument;
import org.casebridge.contracts.codec.ContractJson;
import org.casebridge.contracts.codec.StrictUtf8;
import org.casebridge.contracts.codec.ContractViolation;
import org.casebridge.contracts.codec.JsonContractValidator;
import org.casebridge.contracts.v1.Message;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;

/** Submitting messages, and reading back a message and its receipts. */
@RestController
class MessagesResource {

    private final IntakePort intake;
    private final RecordsPort records;
    private final CallerContext callers;
    private final RestAdapterProperties properties;

    MessagesResource(IntakePort intake, RecordsPort records, CallerContext callers, RestAdapterProperties properties) {
        this.intake = intake;
        this.records = records;
        this.callers = callers;
        this.properties = properties;
    }

    @PostMapping(path = "/api/v1/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> submit(HttpServletRequest request,
            @RequestHeader(name = "Content-Type", required = false) String contentType) throws IOException {
        if (contentType == null || !MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(contentType))) {
            throw new GatewayRejection(Reason.UNSUPPORTED_MEDIA_TYPE, "a message is sent as application/json");
        }
        byte[] body = JsonBodies.readBounded(request.getInputStream(), properties.maxMessageSize().toBytes());
        Message message = decode(body);
        IntakePort.Submitted submitted = intake.submit(callers.current(), message, Encoding.JSON);
        return ResponseEntity.status(submitted.firstTime() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/v1/messages/" + submitted.messageId()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(JsonBodies.signed("receipt", submitted.receipt()));
    }

    @GetMapping(path = "/api/v1/messages/{messageId}", produces = MediaType.APPLICATION_JSON_VALUE)
    String sealedMessage(@PathVariable String messageId) {
        return JsonBodies.signed("message", records.sealedMessage(callers.current(), messageId, Encoding.JSON));
    }

    @GetMapping(path = "/api/v1/messages/{messageId}/receipts", produces = MediaType.APPLICATION_JSON_VALUE)
    String receipts(@PathVariable String messageId) {
        RecordsPort.MessageReceipts receipts = records.receipts(callers.current(), messageId, Encoding.JSON);
        StringBuilder out = new StringBuilder("{\"transportReceipt\":")
                .append(JsonBodies.signed("receipt", receipts.transportReceipt()))
                .append(",\"deliveryReceipts\":[");
        List<SignedDocument> deliveries = receipts.deliveryReceipts();
        for (int i = 0; i < deliveries.size(); i++) {
            out.append(i > 0 ? "," : "").append(JsonBodies.signed("receipt", deliveries.get(i)));
        }
        return out.append("]}").toString();
    }

    /** The transport receipt as a signed XML document, for verifiers such as xmlsec1. */
    @GetMapping(path = "/api/v1/messages/{messageId}/receipts", produces = MediaType.APPLICATION_XML_VALUE)
    ResponseEntity<byte[]> transportReceiptXml(@PathVariable String messageId) {
        RecordsPort.MessageReceipts receipts = records.receipts(callers.current(), messageId, Encoding.XML);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(receipts.transportReceipt().content());
    }

    /** JSON Schema first, for errors that name JSON pointers; then the binding to the model. */
    private static Message decode(byte[] body) {
        JsonNode tree;
        try {
            // Decoded strictly first: the parser would read malformed UTF-8 as other text ('/' for C0 AF).
            tree = ContractJson.mapper().readTree(StrictUtf8.decode(body));
        } catch (CharacterCodingException e) {
            throw new GatewayRejection(Reason.MALFORMED_REQUEST, "the body is not JSON in UTF-8: " + e.getMessage());
        } catch (JacksonException e) {
            throw new GatewayRejection(Reason.MALFORMED_REQUEST, "the body is not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new GatewayRejection(Reason.MALFORMED_REQUEST, "the body must be a JSON object");
        }
        List<ContractViolation> violations = JsonContractValidator.validate("Message", tree);
        if (!violations.isEmpty()) {
            ContractViolation first = violations.getFirst();
            throw new GatewayRejection(Reason.CONTRACT_VIOLATION, first.field() + ": " + first.message()
                    + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : ""), first.field());
        }
        try {
            return ContractJson.fromTree(tree, Message.class);
        } catch (DatabindException e) {
            String field = e.getPath().stream().map(ref -> ref.getPropertyName() != null ? ref.getPropertyName()
                    : String.valueOf(ref.getIndex())).reduce("", (a, b) -> a + "/" + b);
            throw new GatewayRejection(Reason.CONTRACT_VIOLATION, field + ": " + e.getOriginalMessage(), field);
        } catch (JacksonException e) {
            // A value the model cannot hold, such as a number beyond 64 bits.
            throw new GatewayRejection(Reason.CONTRACT_VIOLATION, e.getOriginalMessage());
        }
    }
}
