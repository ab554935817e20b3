package org.casebridge.adapter.spi;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Writes a refusal the gateway core decides outside a transport (a security filter's 401/403/429,
 * a store outage) in the wire format of the transport that serves the request: the core knows
 * neither problem JSON nor SOAP faults. Each transport registers one for the paths it serves.
 */
public interface RefusalWriter {

    /** Whether this transport serves the request's path. */
    boolean serves(HttpServletRequest request);

    /** Writes the refusal's status, Retry-After (when it has one) and body in this transport's format. */
    void write(GatewayRejection refusal, HttpServletRequest request, HttpServletResponse response) throws IOException;

    /**
     * Writes the refusal with the first of the writers (in their order) that serves the request.
     *
     * @throws IllegalStateException when no transport serves the request
     */
    static void writeFor(List<RefusalWriter> writers, GatewayRejection refusal, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        for (RefusalWriter writer : writers) {
            if (writer.serves(request)) {
                writer.write(refusal, request, response);
                return;
            }
        }
        throw new IllegalStateException("no transport serves " + request.getRequestURI());
    }
}
