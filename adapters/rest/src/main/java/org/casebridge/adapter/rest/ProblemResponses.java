package org.casebridge.adapter.rest;

import org.casebridge.adapter.spi.GatewayRejection;
import org.casebridge.contracts.codec.FieldPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every refusal by a REST resource of the gateway, this transport's or another module's, as an
 * RFC 9457 problem document with a stable code and, where one field is at fault, the field.
 */
@RestControllerAdvice
public class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    @ExceptionHandler(GatewayRejection.class)
    ResponseEntity<ProblemDetail> rejected(GatewayRejection rejection) {
        return of(rejection);
    }

    /** The problem document of a refusal, for the gateway's own advice on failures it classifies. */
    public static ResponseEntity<ProblemDetail> of(GatewayRejection rejection) {
        String field = field(rejection);
        ResponseEntity<ProblemDetail> problem = problem(HttpStatus.valueOf(rejection.reason().httpStatus()), rejection.code(),
                rejection.detail(field), field);
        return rejection.retryAfter()
                .map(after -> ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
                        .header("Retry-After", String.valueOf(Math.max(1, after.toSeconds()))).body(problem.getBody()))
                .orElse(problem);
    }

    /** The field at fault as REST clients read it: a place in the message as a JSON pointer into the JSON they sent. */
    static String field(GatewayRejection rejection) {
        String field = rejection.field();
        return FieldPaths.isModelPath(field) ? FieldPaths.jsonPointer(field) : field;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> badParameter(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "CONTRACT_VIOLATION", e.getName() + " must be a " +
                (e.getRequiredType() == null ? "valid value" : e.getRequiredType().getSimpleName()), e.getName());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, "CONTRACT_VIOLATION", "the query parameter " + e.getParameterName() + " is required",
                e.getParameterName());
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e) {
        return problem(HttpStatus.BAD_REQUEST, "CONTRACT_VIOLATION", "the " + e.getHeaderName() + " header is required", e.getHeaderName());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> unsupported(HttpMediaTypeNotSupportedException e) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", e.getMessage(), null);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return problem(HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE", "this resource answers in " + e.getSupportedMediaTypes(), null);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> wrongMethod(HttpRequestMethodNotSupportedException e) {
        return problem(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", e.getMessage(), null);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "NOT_FOUND", "no such resource", null);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code, String detail, String field) {
        if (status.is5xxServerError()) {
            log.warn("Refused with {}: {}", code, detail);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return ResponseEntity.status(status).contentType(PROBLEM).body(problem);
    }
}
