package io.hutong.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure to report to the caller in its API family's envelope. Parameter failures carry the
 * violated rules per field, e.g. {@code userPackId: [notNull]}.
 */
public class ApiException extends RuntimeException {

    private final ErrorKind kind;
    private final transient Map<String, List<String>> violations;

    public ApiException(ErrorKind kind, String message) {
        this(kind, message, Map.of(), null);
    }

    public ApiException(ErrorKind kind, String message, Throwable cause) {
        this(kind, message, Map.of(), cause);
    }

    private ApiException(ErrorKind kind, String message, Map<String, List<String>> violations, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.violations = Collections.unmodifiableMap(new LinkedHashMap<>(violations));
    }

    /** One field broke one rule; the message reads like {@code request params[pageNum] min(1).} */
    public static ApiException invalid(String field, String rule) {
        return invalid(Map.of(field, List.of(rule)));
    }

    public static ApiException invalid(Map<String, List<String>> violations) {
        return new ApiException(ErrorKind.PARAMETER_INVALID, describe(violations), violations, null);
    }

    /**
     * A request refused for one field as a parameter failure is, with the status of another kind:
     * a body over its limit ({@link ErrorKind#PAYLOAD_TOO_LARGE}), a request line over the server's
     * ({@link ErrorKind#URI_TOO_LONG}).
     */
    public static ApiException invalid(ErrorKind kind, String field, String rule) {
        Map<String, List<String>> violations = Map.of(field, List.of(rule));
        return new ApiException(kind, describe(violations), violations, null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorKind.NOT_FOUND, message);
    }

    public static ApiException failure(String message) {
        return new ApiException(ErrorKind.FAILURE, message);
    }

    public static String describe(Map<String, List<String>> violations) {
        StringBuilder text = new StringBuilder("request ");
        violations.forEach((field, rules) -> {
            if (text.length() > "request ".length()) {
                text.append(", ");
            }
            text.append("params[").append(field).append("] ").append(String.join(" ", rules));
        });
        return text.append('.').toString();
    }

    public ErrorKind kind() {
        return kind;
    }

    public Map<String, List<String>> violations() {
        return violations;
    }
}
