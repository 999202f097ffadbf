package io.hutong.web.internal;

import io.hutong.web.EnvelopeFamily;
import io.hutong.web.ErrorKind;
import io.hutong.web.TraceIds;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Failures that never reached a controller (e.g. in a filter) still get the family's envelope. */
@RestController
class EnvelopeErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<Object> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer value ? value : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ErrorKind kind = Arrays.stream(ErrorKind.values()).filter(k -> k.status().value() == code).findFirst()
                .orElse(code >= 500 ? ErrorKind.INTERNAL : ErrorKind.PARAMETER_INVALID);
        String traceId = TraceIds.current();
        return ResponseEntity.status(code).body(EnvelopeFamily.forPath(uri == null ? "" : uri.toString())
                .error(kind, kind == ErrorKind.INTERNAL ? "服务器异常 (trace id " + traceId + ")" : "request failed with HTTP " + code,
                        Map.of(), traceId));
    }
}
