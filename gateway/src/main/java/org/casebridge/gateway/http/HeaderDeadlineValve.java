package org.casebridge.gateway.http;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Duration;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's connection timeout bounds each silence while the request line and headers arrive,
 * not their total: a client sending a byte just within it could take hours over 8 KB of
 * headers. Such a request is answered 408 and its connection closed when its headers are
 * finally complete, before any of the application's work.
 */
final class HeaderDeadlineValve extends ValveBase {

    private final long limitNanos;

    HeaderDeadlineValve(Duration limit) {
        super(true);
        this.limitNanos = limit.toNanos();
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        // Tomcat marks the start when the first byte of the request line is read.
        long took = System.nanoTime() - request.getCoyoteRequest().getStartTimeNanos();
        if (took <= limitNanos) {
            getNext().invoke(request, response);
            return;
        }
        response.setStatus(408);
        response.setHeader("Connection", "close");
        response.setContentLength(0);
        request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
    }
}
