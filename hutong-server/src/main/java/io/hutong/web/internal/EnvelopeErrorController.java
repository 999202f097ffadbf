package io.hutong.web.internal;

import io.hutong.web.ApiException;
import io.hutong.web.EnvelopeFamily;
import io.hutong.web.ErrorKind;
import io.hutong.web.TraceIds;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Failures that never reached a controller (a filter refused the request, Tomcat answered an
 * error status) still get the family's envelope, chosen by the path that was called.
 */
@RestController
class EnvelopeErrorController implements ErrorController {

    private static final String REFUSAL = EnvelopeErrorController.class.getName() + ".refusal";

    private final ErrorTranslation translation;

    EnvelopeErrorController(ErrorTranslation translation) {
        this.translation = translation;
    }

    /** Answers a refusal of a filter, before any controller was chosen, through this error page. */
    static void refuse(HttpServletRequest request, HttpServletResponse response, ApiException refusal)
            throws IOException {
        request.setAttribute(REFUSAL, refusal);
        response.sendError(refusal.kind().status().value());
    }

    @RequestMapping("/error")
    ResponseEntity<Object> error(HttpServletRequest request) {
        String traceId = TraceIds.current();
        ApiException failure = failure(request, traceId);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return EnvelopeFamily.forPath(uri == null ? "" : uri.toString())
                .answer(failure.kind(), failure.getMessage(), failure.violations(), traceId, request);
    }

    private ApiException failure(HttpServletRequest request, String traceId) {
        if (request.getAttribute(REFUSAL) instanceof ApiException refusal) {
            return refusal;
        }
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable error) {
            return translation.translate(error, traceId);
        }
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        return ofStatus(status instanceof Integer code ? code : 500, traceId);
    }

    /** A failure known only by its HTTP status (Tomcat's own errors). */
    static ApiException ofStatus(int status, String traceId) {
        ErrorKind kind = ErrorKind.PARAMETER_INVALID;
        for (ErrorKind candidate : ErrorKind.values()) {
            if (candidate.status().value() == status) {
                kind = candidate;
                break;
            }
        }
        if (status >= 500 && kind == ErrorKind.PARAMETER_INVALID) {
            kind = ErrorKind.INTERNAL;
        }
        return new ApiException(kind, kind == ErrorKind.INTERNAL ? "服务器异常 (trace id " + traceId + ")"
                : "request failed with HTTP " + status);
    }
}
