package io.hutong.web.internal;

import io.hutong.web.TextLimit;
import io.hutong.web.TextRules;
import io.hutong.web.Violations;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Holds query and path parameters to {@link TextRules} before a controller binds them, every one
 * of them, declared or not: each query value percent-decoded as strict UTF-8 (Tomcat's own
 * parser would fail later without saying which), no NUL, at most its parameter's
 * {@link TextLimit}. Headers the controller binds are held to the same length.
 */
@Component
class InputPolicyInterceptor implements HandlerInterceptor {

    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    private final Map<Method, Declared> limits = new ConcurrentHashMap<>();

    /** The {@link TextLimit}s of a method's query and path parameters, and the limits of the headers it binds. */
    private record Declared(Map<String, Integer> parameters, Map<String, Integer> headers) {
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // the error page's own dispatch carries the refused request's query: it must answer, not refuse again
        if (!(handler instanceof HandlerMethod method) || request.getDispatcherType() == DispatcherType.ERROR) {
            return true;
        }
        Declared declared = limits.computeIfAbsent(method.getMethod(), m -> declared(method));
        Violations violations = new Violations();
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (name == null || value == null) {
                    violations.add(name == null ? "query" : name, "encoding(percent-encoded UTF-8)");
                } else {
                    check(violations, name, name, TextRules.DEFAULT_LIMIT);
                    check(violations, name, value, declared.parameters().getOrDefault(name, TextRules.DEFAULT_LIMIT));
                }
            }
        }
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> path) {
            path.forEach((name, value) -> check(violations, (String) name, (String) value,
                    declared.parameters().getOrDefault((String) name, TextRules.DEFAULT_LIMIT)));
        }
        declared.headers().forEach((name, limit) -> {
            String value = request.getHeader(name);
            if (value != null) {
                check(violations, name, value, limit);
            }
        });
        violations.throwIfAny();
        return true;
    }

    private static void check(Violations violations, String field, String value, int limit) {
        String rule = TextRules.broken(value, limit);
        if (rule != null) {
            violations.add(field, rule);
        }
    }

    private static Declared declared(HandlerMethod method) {
        Map<String, Integer> parameters = new HashMap<>();
        Map<String, Integer> headers = new HashMap<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            TextLimit limit = parameter.getParameterAnnotation(TextLimit.class);
            RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
            if (header != null && parameter.getParameterType() == String.class) {
                String name = StringUtils.hasText(header.name()) ? header.name() : header.value();
                headers.put(name, TextRules.limit(limit));
            } else if (limit != null) {
                RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
                PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
                String name = query != null ? query.name() : path != null ? path.name() : "";
                MethodParameter named = new MethodParameter(parameter);
                named.initParameterNameDiscovery(NAMES);
                parameters.put(StringUtils.hasText(name) ? name : named.getParameterName(), limit.value());
            }
        }
        return new Declared(parameters, headers);
    }

    /** A query part percent-decoded ({@code +} is a space) as strict UTF-8; null when it is not that. */
    static String decode(String part) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '%') {
                if (i + 2 >= part.length()) {
                    return null;
                }
                int high = Character.digit(part.charAt(i + 1), 16);
                int low = Character.digit(part.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x100) {
                // Tomcat hands the query over as its bytes, one char each
                bytes.write(c);
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
