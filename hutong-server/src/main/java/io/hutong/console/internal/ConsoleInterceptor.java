package io.hutong.console.internal;

import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Every console request but the login needs a session; without one a page goes to the login (and
 * back afterwards), an htmx or event-stream request is answered 401. Every state-changing request
 * must carry the session's CSRF token.
 */
@Component
class ConsoleInterceptor implements HandlerInterceptor {

    static final String VIEWER = ConsoleInterceptor.class.getName() + ".viewer";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final ConsoleSessions sessions;

    ConsoleInterceptor(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Optional<Viewer> viewer;
        try {
            viewer = sessions.viewer(request);
        } catch (ApiException revokedOrExpired) {
            viewer = Optional.empty();
        }
        if (viewer.isEmpty()) {
            String target = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            String login = "/console/login?next=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
            if (request.getHeader("HX-Request") != null || !SAFE.contains(request.getMethod())
                    || String.valueOf(request.getHeader(HttpHeaders.ACCEPT)).contains("text/event-stream")) {
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setHeader("HX-Redirect", login);
            } else {
                response.setStatus(HttpServletResponse.SC_SEE_OTHER);
                response.setHeader(HttpHeaders.LOCATION, login);
            }
            return false;
        }
        if (!SAFE.contains(request.getMethod())) {
            String sent = request.getHeader("X-CSRF-Token") != null ? request.getHeader("X-CSRF-Token")
                    : request.getParameter("_csrf");
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                    viewer.get().csrf().getBytes(StandardCharsets.UTF_8))) {
                throw new ApiException(ErrorKind.FORBIDDEN,
                        "this form is not of your current session (its CSRF token is missing or wrong): reload the page and try again");
            }
        }
        request.setAttribute(VIEWER, viewer.get());
        return true;
    }
}
