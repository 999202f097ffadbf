package io.hutong.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;

/** The response envelopes of Hutong's API families, and how each one reports a failure. */
public enum EnvelopeFamily {

    /** {@code {"code": "General.X", "data": …, "msg": …}}; also Hutong's own admin API. */
    INFINITE {
        @Override
        public Object error(ErrorKind kind, String message, Map<String, List<String>> violations, String traceId) {
            return new InfiniteResponse<>(infiniteCode(kind), details(kind, violations, traceId), message);
        }
    },
    /** {@code {"code": 0, "message": "ok", "data": …}}, errors with the HTTP-like code. */
    INTEROP {
        @Override
        public Object error(ErrorKind kind, String message, Map<String, List<String>> violations, String traceId) {
            return new InteropResponse<>(kind.status().value(), message, details(kind, violations, traceId));
        }
    },
    /** {@code {"code": 0, "msg": …, "data": …}}, errors with the HTTP-like code. */
    BFIA {
        @Override
        public Object error(ErrorKind kind, String message, Map<String, List<String>> violations, String traceId) {
            return new BfiaResponse<>(kind.status().value(), message, details(kind, violations, traceId));
        }
    },
    /**
     * dbc_client's {@code {"errcode": …, "message": "…"}}. Hutong's own failures take the codes the
     * client uses for the same class of failure, so tooling written for dbc_client understands them.
     */
    DBC {
        @Override
        public Object error(ErrorKind kind, String message, Map<String, List<String>> violations, String traceId) {
            int errcode = switch (kind) {
                case PARAMETER_INVALID -> -25;
                case UNAUTHORIZED, TOKEN_INVALID, TOKEN_EXPIRED, FORBIDDEN -> -3;
                case NOT_FOUND -> -32601;
                case FAILURE -> 1;
                case BUSY, RPC_ERROR, INTERNAL -> -1;
            };
            return new DbcResponse(errcode, message);
        }
    },
    /** FATE Flow's {@code {"code": 0, "msg": …, "data": …}}: errors with the HTTP-like code, answered with HTTP 200. */
    FATE {
        @Override
        public Object error(ErrorKind kind, String message, Map<String, List<String>> violations, String traceId) {
            return new FateResponse<>(kind.status().value(), message, details(kind, violations, traceId));
        }

        @Override
        public HttpStatus status(ErrorKind kind) {
            return HttpStatus.OK;
        }
    };

    public abstract Object error(ErrorKind kind, String message, Map<String, List<String>> violations, String traceId);

    /** The HTTP status a failure is answered with. */
    public HttpStatus status(ErrorKind kind) {
        return kind.status();
    }

    /** The family of a controller, by its marker annotation; INFINITE when it has none. */
    public static EnvelopeFamily of(HandlerMethod handler) {
        Class<?> type = handler.getBeanType();
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
            case PARAMETER_INVALID -> "General.ParameterInvalid";
            case UNAUTHORIZED, FORBIDDEN -> "General.Unauthorized";
            case TOKEN_INVALID -> "General.TokenInvalid";
            case TOKEN_EXPIRED -> "General.TokenExpired";
            case NOT_FOUND -> "General.NotFound";
            case FAILURE -> "General.Failure";
            case BUSY -> "General.ServiceBusy";
            case RPC_ERROR -> "General.RpcServerError";
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
