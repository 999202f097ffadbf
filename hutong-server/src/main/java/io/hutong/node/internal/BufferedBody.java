package io.hutong.node.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Reads the body of east-west requests once, so the verifier sees the exact bytes that were
 * signed and the controller still reads them after it; and keeps the answer's bytes until the call
 * is done, so the first answer to a peer's call can be sent again to its exact repeat.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BufferedBody extends OncePerRequestFilter {

    static final String EAST_WEST_PREFIX = "/v1/interconn/";
    private static final String SCHEDULE_PREFIX = "/v1/interconn/schedule/";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(EAST_WEST_PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Request buffered = new Request(request, request.getInputStream().readAllBytes());
        // the scheduling calls only: they answer at once, where the transport's reads answer asynchronously
        if (!request.getRequestURI().startsWith(SCHEDULE_PREFIX)) {
            chain.doFilter(buffered, response);
            return;
        }
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(buffered, answer);
        } finally {
            answer.copyBodyToResponse();
        }
    }

    static final class Request extends HttpServletRequestWrapper {

        private final byte[] body;

        Request(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        byte[] body() {
            return body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("east-west bodies are read synchronously");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
