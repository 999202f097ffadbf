package io.hutong.web.internal;

import io.hutong.web.ApiException;
import io.hutong.web.BodyLimit;
import io.hutong.web.ErrorKind;
import io.hutong.web.FailureTranslator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Turns any exception into an {@link ApiException}: what the caller may see, never a stack trace. */
@Component
class ErrorTranslation {

    private static final Logger log = LoggerFactory.getLogger(ErrorTranslation.class);

    private final List<FailureTranslator> translators;

    ErrorTranslation(List<FailureTranslator> translators) {
        this.translators = translators;
    }

    ApiException translate(Throwable error, String traceId) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            // thrown below the layer that reports it: a body over its limit while Jackson read it, a text rule
            if (cause instanceof ApiException api) {
                return api;
            }
            if (cause instanceof TextPolicyModule.TextRefused refused) {
                return refused.toApi();
            }
            if (cause instanceof InvalidParameterException) {
                // Tomcat's parameter parser: a form body that is not percent-encoded UTF-8 (queries are checked before)
                return ApiException.invalid("body", "form(percent-encoded UTF-8)");
            }
        }
        for (FailureTranslator translator : translators) {
            ApiException known = translator.translate(error);
            if (known != null) {
                return known;
            }
        }
        if (error instanceof BindException bind) {
            Map<String, List<String>> violations = new LinkedHashMap<>();
            for (FieldError field : bind.getFieldErrors()) {
                violations.computeIfAbsent(field.getField(), k -> new java.util.ArrayList<>()).add(rule(field));
            }
            bind.getGlobalErrors().forEach(global -> violations
                    .computeIfAbsent(global.getObjectName(), k -> new java.util.ArrayList<>())
                    .add(String.valueOf(global.getDefaultMessage())));
            return ApiException.invalid(violations);
        }
        if (error instanceof HandlerMethodValidationException validation) {
            Map<String, List<String>> violations = new LinkedHashMap<>();
            validation.getParameterValidationResults().forEach(result -> result.getResolvableErrors()
                    .forEach(e -> violations.computeIfAbsent(result.getMethodParameter().getParameterName(),
                            k -> new java.util.ArrayList<>()).add(rule(e))));
            return ApiException.invalid(violations);
        }
        if (error instanceof HttpMessageNotReadableException unreadable) {
            return unreadable(unreadable);
        }
        if (error instanceof MissingServletRequestParameterException missing) {
            return ApiException.invalid(missing.getParameterName(), "notNull");
        }
        if (error instanceof MissingRequestHeaderException missing) {
            return ApiException.invalid(missing.getHeaderName(), "notNull");
        }
        if (error instanceof MissingServletRequestPartException missing) {
            return ApiException.invalid(missing.getRequestPartName(), "notNull");
        }
        if (error instanceof MaxUploadSizeExceededException tooLarge) {
            return ApiException.invalid(ErrorKind.PAYLOAD_TOO_LARGE, "body", tooLarge.getMaxUploadSize() < 0 ? "maxSize"
                    : "maxSize(" + BodyLimit.describe(DataSize.ofBytes(tooLarge.getMaxUploadSize())) + ")");
        }
        if (error instanceof MethodArgumentTypeMismatchException mismatch) {
            return ApiException.invalid(mismatch.getName(), "type(" + jsonType(mismatch.getRequiredType()) + ")");
        }
        if (error instanceof HttpMediaTypeNotSupportedException) {
            return ApiException.invalid("Content-Type", "oneOf(" + ((HttpMediaTypeNotSupportedException) error)
                    .getSupportedMediaTypes().stream().map(Object::toString).reduce((a, b) -> a + "," + b).orElse("")
                    + ")");
        }
        if (error instanceof HttpRequestMethodNotSupportedException method) {
            String[] supported = method.getSupportedMethods();
            return new ApiException(ErrorKind.METHOD_NOT_ALLOWED, "method " + method.getMethod()
                    + " is not supported here" + (supported == null ? "" : " (" + String.join(", ", supported) + ")"));
        }
        if (error instanceof HttpMediaTypeNotAcceptableException) {
            return ApiException.invalid("Accept", "oneOf(application/json)");
        }
        if (error instanceof ServletRequestBindingException binding) {
            return ApiException.invalid("request", "binding(" + binding.getBody().getDetail() + ")");
        }
        if (error instanceof NoResourceFoundException) {
            return ApiException.notFound("no such API: " + ((NoResourceFoundException) error).getResourcePath());
        }
        log.error("Unexpected failure, trace id {}", traceId, error);
        return new ApiException(ErrorKind.INTERNAL, "服务器异常 (trace id " + traceId + ")");
    }

    private static ApiException unreadable(HttpMessageNotReadableException error) {
        Throwable cause = error.getCause();
        if (cause instanceof JacksonException jackson && !(cause instanceof MismatchedInputException)
                && jackson.getPath().isEmpty()) {
            return ApiException.invalid("body", "json");
        }
        if (cause instanceof JacksonException jackson) {
            String field = path(jackson);
            if (field.isEmpty()) {
                return ApiException.invalid("body", cause instanceof MismatchedInputException ? "type(object)" : "json");
            }
            String rule = "json";
            if (cause instanceof InvalidFormatException format) {
                rule = "type(" + jsonType(format.getTargetType()) + ")";
            } else if (cause instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
                rule = "type(" + jsonType(mismatched.getTargetType()) + ")";
            }
            return ApiException.invalid(field, rule);
        }
        return ApiException.invalid("body", "notNull");
    }

    static String path(JacksonException error) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : error.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The JSON name of what a Java type reads: integer, number, boolean, string, array or object. */
    private static String jsonType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        return switch (type.getSimpleName()) {
            case "long", "Long", "int", "Integer", "short", "Short", "BigInteger" -> "integer";
            case "double", "Double", "float", "Float", "BigDecimal" -> "number";
            case "boolean", "Boolean" -> "boolean";
            case "String", "Instant", "LocalDateTime" -> "string";
            default -> type.isEnum() ? "string" : "object";
        };
    }

    /** {@code NotNull} → {@code notNull}; {@code Min} → {@code min(1)}; {@code Size} → {@code size(1,64)}. */
    private static String rule(MessageSourceResolvable error) {
        String code = error.getCodes() == null || error.getCodes().length == 0 ? "invalid"
                : error.getCodes()[error.getCodes().length - 1];
        String rule = Character.toLowerCase(code.charAt(0)) + code.substring(1);
        Object[] args = error.getArguments();
        return switch (code) {
            case "Min", "Max", "DecimalMin", "DecimalMax" -> args != null && args.length > 1 ? rule + "(" + args[1] + ")" : rule;
            case "Size" -> args != null && args.length > 2 ? rule + "(" + args[2] + "," + args[1] + ")" : rule;
            case "Pattern" -> error.getDefaultMessage() != null && error.getDefaultMessage().startsWith("oneOf")
                    ? error.getDefaultMessage() : rule;
            default -> rule;
        };
    }
}
