package io.hutong.web.internal;

import io.hutong.web.ApiException;
import io.hutong.web.EnvelopeFamily;
import io.hutong.web.TraceIds;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.HandlerMethod;

/** Answers every failure in the envelope of the API family that was called. */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiExceptionAdvice {

    private final ErrorTranslation translation;

    ApiExceptionAdvice(ErrorTranslation translation) {
        this.translation = translation;
    }

    @ExceptionHandler(Throwable.class)
    ResponseEntity<Object> handle(Throwable error, @Nullable HandlerMethod handler, HttpServletRequest request) {
        String traceId = TraceIds.current();
        ApiException api = translation.translate(error, traceId);
        EnvelopeFamily family = handler != null ? EnvelopeFamily.of(handler)
                : EnvelopeFamily.forPath(request.getRequestURI());
        return family.answer(api.kind(), api.getMessage(), api.violations(), traceId, request);
    }
}
