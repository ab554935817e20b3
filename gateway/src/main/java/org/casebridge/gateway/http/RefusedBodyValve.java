package org.casebridge.gateway.http;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * A refused request (any 4xx or 5xx) whose body was not read is not read after the answer
 * either: the connection is closed instead. Tomcat would otherwise swallow up to
 * {@code server.tomcat.max-swallow-size} of it to keep the connection alive, at whatever pace
 * the client sends, holding a worker thread all the while (a 401 to an unauthenticated upload).
 */
final class RefusedBodyValve extends ValveBase {

    RefusedBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (response.getStatus() < 400 || request.isAsyncStarted()) {
            return;
        }
        AtomicBoolean fullyRead = new AtomicBoolean(true);
        request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
        if (!fullyRead.get()) {
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }
}
