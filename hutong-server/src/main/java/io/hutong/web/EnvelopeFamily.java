package io.hutong.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.method.HandlerMethod;

/**
 * The response envelopes of Hutong's API families, and how each one reports a failure. Messages
 * and field names are cut as {@link Echo} says, whoever reports the failure.
 */
public enum EnvelopeFamily {

    /** {@code {"code": "General.X", "data": …, "msg": …}}; also Hutong's own admin API. */
    INFINITE {
        @Override
        Object body(ErrorKind kind, String message, Map<String, List<String>> violations, String traceId) {
            return new InfiniteResponse<>(infiniteCode(kind), details(kind, violations, traceId), message);
        }
    },
    /** {@code {"code": 0, "message": "ok", "data": …}}, errors with the HTTP-like code. */
    INTEROP {
        @Override
        Object body(ErrorKind kind, String message, Map<String, List<String>> violations, String traceId) {
            return new InteropResponse<>(kind.status().value(), message, details(kind, violations, traceId));
        }
    },
    /** {@code {"code": 0, "msg": …, "data": …}}, errors with the HTTP-like code. */
    BFIA {
        @Override
        Object body(ErrorKind kind, String message, Map<String, List<String>> violations, String traceId) {
            return new BfiaResponse<>(kind.status().value(), message, details(kind, violations, traceId));
        }
    },
    /**
     * The BFIA transport layer: always HTTP 200 with its {@code E0000000xxx} code, as a protobuf
     * {@code TransportOutbound} or, to a call in the JSON form, as {@code {code, message, content}}.
     */
    TRANSPORT {
        @Override
        Object body(ErrorKind kind, String message, Map<String, List<String>> violations, String traceId) {
            return refusal(kind, message).toJson();
        }

        @Override
        public HttpStatus status(ErrorKind kind) {
            return HttpStatus.OK;
        }

        @Override
        public ResponseEntity<Object> answer(ErrorKind kind, String message, Map<String, List<String>> violations,
                String traceId, HttpServletRequest request) {
            return refusal(kind, message).toResponse(TransportOutbound.jsonForm(request));
        }

        private TransportOutbound refusal(ErrorKind kind, String message) {
            return TransportOutbound.refusal(TransportCode.of(kind).code(), message);
        }
    },
    /**
     * dbc_client's {@code {"errcode": …, "message": "…"}}. Hutong's own failures take the codes the
     * client uses for the same class of failure, so tooling written for dbc_client understands them.
     */
    DBC {
        @Override
        Object body(ErrorKind kind, String message, Map<String, List<String>> violations, String traceId) {
            int errcode = switch (kind) {
                case PARAMETER_INVALID, PAYLOAD_TOO_LARGE, URI_TOO_LONG -> -25;
                case UNAUTHORIZED, TOKEN_INVALID, TOKEN_EXPIRED, FORBIDDEN -> -3;
                case NOT_FOUND, METHOD_NOT_ALLOWED -> -32601;
                case FAILURE -> 1;
                case BUSY, RPC_ERROR, UPSTREAM_TIMEOUT, INTERNAL -> -1;
            };
            return new DbcResponse(errcode, message);
        }
    },
    /** FATE Flow's {@code {"code": 0, "msg": …, "data": …}}: errors with the HTTP-like code, answered with HTTP 200. */
    FATE {
        @Override
        Object body(ErrorKind kind, String message, Map<String, List<String>> violations, String traceId) {
            return new FateResponse<>(kind.status().value(), message, details(kind, violations, traceId));
        }

        @Override
        public HttpStatus status(ErrorKind kind) {
            return HttpStatus.OK;
        }
    };

    abstract Object body(ErrorKind kind, String message, Map<String, List<String>> violations, String traceId);

    /** The body that reports a failure. */
    public Object error(ErrorKind kind, String message, Map<String, List<String>> violations, String traceId) {
        return body(kind, Echo.cut(message), Echo.cut(violations), traceId);
    }

    /** The HTTP status a failure is answered with. */
    public HttpStatus status(ErrorKind kind) {
        return kind.status();
    }

    /** The whole answer to a failure of {@code request}: status, content type and body. */
    public ResponseEntity<Object> answer(ErrorKind kind, String message, Map<String, List<String>> violations,
            String traceId, HttpServletRequest request) {
        return ResponseEntity.status(status(kind)).contentType(MediaType.APPLICATION_JSON)
                .body(error(kind, message, violations, traceId));
    }

    /** The family of a controller, by its marker annotation; INFINITE when it has none. */
    public static EnvelopeFamily of(HandlerMethod handler) {
        Class<?> type = handler.getBeanType();
        if (AnnotatedElementUtils.hasAnnotation(type, TransportApi.class)) {
            return TRANSPORT;
        }
        if (AnnotatedElementUtils.hasAnnotation(type, BfiaApi.class)) {
            return BFIA;
        }
        if (AnnotatedElementUtils.hasAnnotation(type, InteropApi.class)) {
            return INTEROP;
        }
        if (AnnotatedElementUtils.hasAnnotation(type, DbcApi.class)) {
            return DBC;
        }
        if (AnnotatedElementUtils.hasAnnotation(type, FateApi.class)) {
            return FATE;
        }
        return INFINITE;
    }

    /** The family of a path no controller answered (unknown paths, failures before a handler). */
    public static EnvelopeFamily forPath(String path) {
        if (path.startsWith("/v1/interconn/chan/")) {
            return TRANSPORT;
        }
        if (path.startsWith("/v1/")) {
            return BFIA;
        }
        if (path.startsWith("/api/v1/")) {
            return INTEROP;
        }
        // the default prefixes of the FATE services and the dbc_client gateway; with other prefixes
        // configured, failures before a controller is reached are answered in INFINITE
        if (path.startsWith("/api/fate/")) {
            return FATE;
        }
        if (path.startsWith("/dbc/api/")) {
            return DBC;
        }
        return INFINITE;
    }

    static String infiniteCode(ErrorKind kind) {
        return switch (kind) {
            case PARAMETER_INVALID, PAYLOAD_TOO_LARGE, URI_TOO_LONG -> "General.ParameterInvalid";
            case UNAUTHORIZED, FORBIDDEN -> "General.Unauthorized";
            case TOKEN_INVALID -> "General.TokenInvalid";
            case TOKEN_EXPIRED -> "General.TokenExpired";
            case NOT_FOUND, METHOD_NOT_ALLOWED -> "General.NotFound";
            case FAILURE -> "General.Failure";
            case BUSY -> "General.ServiceBusy";
            case RPC_ERROR, UPSTREAM_TIMEOUT -> "General.RpcServerError";
            case INTERNAL -> "General.InternalServerError";
        };
    }

    private static Map<String, Object> details(ErrorKind kind, Map<String, List<String>> violations, String traceId) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (!violations.isEmpty()) {
            data.put("ruleViolated", violations);
        }
        if (kind == ErrorKind.INTERNAL) {
            data.put("traceId", traceId);
        }
        return data;
    }
}
