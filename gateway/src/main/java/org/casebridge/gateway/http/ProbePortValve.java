package org.casebridge.gateway.http;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/** The probe port serves health and readiness and nothing else: its threads are for the probes. */
final class ProbePortValve extends ValveBase {

    static final String HEALTH = "/actuator/health";

    private final Connector probes;

    ProbePortValve(Connector probes) {
        super(true);
        this.probes = probes;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        String path = request.getDecodedRequestURI();
        if (request.getConnector() != probes || path.equals(HEALTH) || path.startsWith(HEALTH + "/")) {
            getNext().invoke(request, response);
            return;
        }
        response.sendError(404);
    }
}
