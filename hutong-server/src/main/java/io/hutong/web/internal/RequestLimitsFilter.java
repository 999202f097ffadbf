package io.hutong.web.internal;

import io.hutong.web.ApiException;
import io.hutong.web.BodyLimit;
import io.hutong.web.ErrorKind;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request over the node's sizes in the family's envelope: a path and query over
 * {@code hutong.web.max-uri-length} with HTTP 414, a body over its limit with HTTP 413, at once
 * when its Content-Length says so, else as soon as more than the limit has been read (chunked
 * bodies). It runs before every filter that reads bodies, so none of them holds more than the limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class RequestLimitsFilter extends OncePerRequestFilter {

    private final int maxUriLength;
    private final DataSize defaultLimit;
    private final List<BodyLimit> limits;

    RequestLimitsFilter(WebProperties properties, List<BodyLimit> limits) {
        this.maxUriLength = properties.maxUriLength();
        this.defaultLimit = properties.maxBodySize();
        this.limits = limits.stream()
                .sorted(Comparator.comparingInt((BodyLimit limit) -> limit.pathPrefix().length()).reversed()).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (request.getRequestURI().length() + (query == null ? 0 : query.length() + 1) > maxUriLength) {
            EnvelopeErrorController.refuse(request, response,
                    ApiException.invalid(ErrorKind.URI_TOO_LONG, "uri", "maxLength(" + maxUriLength + ")"));
            return;
        }
        DataSize limit = limitOf(request.getRequestURI());
        if (limit == null) {
            chain.doFilter(request, response);
            return;
        }
        try {
            if (request.getContentLengthLong() > limit.toBytes()) {
                throw tooLarge(limit);
            }
            chain.doFilter(new Limited(request, limit), response);
        } catch (ApiException refused) {
            // over the limit in a filter (before a controller): answered by the error page, in the envelope
            if (refused.kind() != ErrorKind.PAYLOAD_TOO_LARGE || response.isCommitted()) {
                throw refused;
            }
            EnvelopeErrorController.refuse(request, response, refused);
        }
    }

    private DataSize limitOf(String path) {
        for (BodyLimit limit : limits) {
            if (path.startsWith(limit.pathPrefix())) {
                return limit.max();
            }
        }
        return defaultLimit;
    }

    private static ApiException tooLarge(DataSize limit) {
        return ApiException.invalid(ErrorKind.PAYLOAD_TOO_LARGE, "body", "maxSize(" + BodyLimit.describe(limit) + ")");
    }

    /** The request with an input stream that fails once more than the limit was read. */
    private static final class Limited extends HttpServletRequestWrapper {

        private final DataSize limit;
        private ServletInputStream in;

        Limited(HttpServletRequest request, DataSize limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (in == null) {
                in = new Counted(super.getInputStream(), limit);
            }
            return in;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset;
            try {
                charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            } catch (IllegalArgumentException unknown) {
                throw ApiException.invalid("Content-Type", "charset(a known one)");
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class Counted extends ServletInputStream {

        private final ServletInputStream in;
        private final DataSize limit;
        private long read;

        Counted(ServletInputStream in, DataSize limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit.toBytes()) {
                throw tooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
