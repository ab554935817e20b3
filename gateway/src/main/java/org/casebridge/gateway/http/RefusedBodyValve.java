package org.casebridge.gateway.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
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
 * The answer says {@code Connection: close}, decided when its status is set (Spring flushes an
 * error body before this valve sees it again), so that a client that keeps connections alive does
 * not send its next request on one about to close.
 */
final class RefusedBodyValve extends ValveBase {

    RefusedBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        response.setResponse(new ClosingOnRefusal(response.getResponse(), request));
        getNext().invoke(request, response);
        if (response.getStatus() >= 400 && !request.isAsyncStarted() && !fullyRead(request)) {
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }

    private static boolean fullyRead(Request request) {
        AtomicBoolean fullyRead = new AtomicBoolean(true);
        request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
        return fullyRead.get();
    }

    /** Adds {@code Connection: close} to a refusal of a request whose body is still unread. */
    private static final class ClosingOnRefusal extends HttpServletResponseWrapper {

        private final Request request;

        ClosingOnRefusal(HttpServletResponse response, Request request) {
            super(response);
            this.request = request;
        }

        @Override
        public void setStatus(int status) {
            closeIfRefused(status);
            super.setStatus(status);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            closeIfRefused(status);
            super.sendError(status, message);
        }

        @Override
        public void sendError(int status) throws IOException {
            closeIfRefused(status);
            super.sendError(status);
        }

        private void closeIfRefused(int status) {
            if (status >= 400 && !isCommitted() && !fullyRead(request)) {
                setHeader("Connection", "close");
            }
        }
    }
}
