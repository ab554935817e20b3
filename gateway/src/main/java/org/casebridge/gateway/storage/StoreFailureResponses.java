package org.casebridge.gateway.storage;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.adapter.spi.RefusalWriter;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Any REST request, not only intake, that meets the store of record unreachable (a read, an inbox
 * pull, an acknowledgement) answers 503 STORE_UNAVAILABLE with Retry-After instead of a 500,
 * written by the transport that serves the path. Database errors that are not outages (a
 * constraint violated, say) stay 500s: they are defects.
 */
@RestControllerAdvice
class StoreFailureResponses {

    private final StorageGuard guard;
    private final List<RefusalWriter> writers;

    StoreFailureResponses(StorageGuard guard, List<RefusalWriter> writers) {
        this.guard = guard;
        this.writers = writers;
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    void storeFailed(RuntimeException failure, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        GatewayRejection refusal = guard.refusalFor(failure).orElseThrow(() -> failure);
        RefusalWriter.writeFor(writers, refusal, request, response);
    }
}
