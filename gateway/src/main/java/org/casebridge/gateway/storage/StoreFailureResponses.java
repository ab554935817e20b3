package org.casebridge.gateway.storage;

import org.casebridge.adapter.rest.ProblemResponses;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Any REST request, not only intake, that meets the store of record unreachable (a read, an inbox
 * pull, an acknowledgement) answers 503 STORE_UNAVAILABLE with Retry-After instead of a 500.
 * Database errors that are not outages (a constraint violated, say) stay 500s: they are defects.
 */
@RestControllerAdvice
class StoreFailureResponses {

    private final StorageGuard guard;

    StoreFailureResponses(StorageGuard guard) {
        this.guard = guard;
    }

    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<ProblemDetail> storeFailed(RuntimeException failure) {
        return guard.refusalFor(failure).map(ProblemResponses::of).orElseThrow(() -> failure);
    }
}
