package org.casebridge.adapter.rest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import org.casebridge.adapter.spi.AgencyEndpoint;
import org.casebridge.adapter.spi.Encoding;
import org.casebridge.adapter.spi.OutboundTransport;
import org.casebridge.adapter.spi.OutboundTransport.FailureKind;
import org.casebridge.contracts.v1.DeliveryMode;

/**
 * Pushes a delivery as JSON to an agency's webhook. The body carries the gateway's signature, so
 * the agency can tell it comes from the gateway; content is fetched by the agency from
 * {@code /api/v1/attachments}. Any 2xx answer means stored.
 */
class WebhookTransport implements OutboundTransport {

    private final ConcurrentHashMap<String, HttpClient> clients = new ConcurrentHashMap<>();

    @Override
    public DeliveryMode mode() {
        return DeliveryMode.PUSH_REST;
    }

    @Override
    public Encoding encoding() {
        return Encoding.JSON;
    }

    @Override
    public PushResult push(AgencyEndpoint endpoint, Push push) {
        HttpClient client = clients.computeIfAbsent(endpoint.agencyId() + "|" + endpoint.connectTimeout(),
                key -> HttpClient.newBuilder().connectTimeout(endpoint.connectTimeout()).build());
        HttpRequest request = HttpRequest.newBuilder(endpoint.address())
                .timeout(endpoint.readTimeout())
                .header("Content-Type", "application/json")
                .header("Casebridge-Dispatch-Id", push.dispatchId())
                .POST(HttpRequest.BodyPublishers.ofString(
                        JsonBodies.delivery(push.dispatchId(), push.kind(), push.document()), StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                return new PushResult.Accepted(endpoint.agencyId() + " webhook " + endpoint.address().getHost());
            }
            return new PushResult.Failed(FailureKind.HTTP_STATUS, "HTTP " + response.statusCode());
        } catch (HttpConnectTimeoutException e) {
            return new PushResult.Failed(FailureKind.CONNECT_TIMEOUT, "connect timed out after " + endpoint.connectTimeout());
        } catch (HttpTimeoutException e) {
            return new PushResult.Failed(FailureKind.READ_TIMEOUT, "read timed out after " + endpoint.readTimeout());
        } catch (ConnectException e) {
            return new PushResult.Failed(FailureKind.CONNECTION_REFUSED, "connection refused");
        } catch (IOException e) {
            return new PushResult.Failed(FailureKind.NETWORK, "network error: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PushResult.Failed("interrupted");
        }
    }
}
