package org.casebridge.gateway.http;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Every request body is read through a {@link RateCheckedInputStream}: one that falls silent for
 * the grace period, or arrives slower than the minimum rate once the grace period has been spent
 * waiting for it, is answered 408 and its connection closed, which frees the worker thread.
 */
final class BodyRateValve extends ValveBase {

    private final BodyRate rate;

    BodyRateValve(BodyRate rate) {
        super(true);
        this.rate = rate;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
            request.setRequest(new RateCheckedRequest(request.getRequest(), rate, () -> cutOff(request, response)));
        }
        getNext().invoke(request, response);
    }

    /** A 408 if nothing was answered yet; then nothing more is written and the connection closes. */
    private static void cutOff(Request request, Response response) {
        if (!response.isCommitted()) {
            try {
                response.reset();
                response.setStatus(408);
                response.setHeader("Connection", "close");
                response.setContentLength(0);
                response.flushBuffer();
            } catch (IOException | IllegalStateException gone) {
                // The client is gone or the answer had begun: closing is all that is left.
            }
        }
        request.getCoyoteRequest().action(ActionCode.CLOSE_NOW, null);
    }
}
