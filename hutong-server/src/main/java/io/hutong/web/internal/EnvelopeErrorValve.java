package io.hutong.web.internal;

import io.hutong.web.ApiException;
import io.hutong.web.EnvelopeFamily;
import io.hutong.web.ErrorKind;
import io.hutong.web.TraceIds;
import java.io.IOException;
import java.util.Objects;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's report of what it refuses before any servlet sees the request (a path it will not
 * decode, a request line or header it cannot parse, a request line over its size): the family's
 * envelope, chosen by the path as it was sent, instead of Tomcat's HTML page. When Tomcat could
 * not read the request line, the path is known only from its message, and taken from there.
 */
class EnvelopeErrorValve extends ErrorReportValve {

    /** Tomcat's messages, in the JVM's locale as Tomcat writes them. */
    private static final StringManager HTTP11 = StringManager.getManager("org.apache.coyote.http11");
    private static final String TOO_LARGE = HTTP11.getString("iib.requestheadertoolarge.error");
    private static final String MARK = "\u0000";
    private static final String[] BAD_TARGET = HTTP11.getString("iib.invalidRequestTarget", MARK).split(MARK, 2);

    private final JsonMapper json;

    EnvelopeErrorValve(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String uri = request.getRequestURI();
        boolean lineRead = uri != null && !uri.isEmpty();
        String message = throwable == null ? null : throwable.getMessage();
        ApiException failure = failure(status, lineRead, message, request);
        String path = lineRead ? uri : targetIn(message);
        ResponseEntity<Object> answer = EnvelopeFamily.forPath(path).answer(failure.kind(), failure.getMessage(),
                failure.violations(), TraceIds.newId(), request);
        Object body = answer.getBody();
        byte[] bytes = body instanceof byte[] raw ? raw : json.writeValueAsBytes(body);
        try {
            response.setStatus(answer.getStatusCode().value());
            response.setContentType(Objects.requireNonNull(answer.getHeaders().getContentType()).toString());
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            response.finishResponse();
        } catch (IOException | IllegalStateException gone) {
            // the client left, or the connection cannot take an answer any more
        }
    }

    private static ApiException failure(int status, boolean lineRead, String message, Request request) {
        if (status != 400) {
            return EnvelopeErrorController.ofStatus(status, TraceIds.newId());
        }
        if (TOO_LARGE.equals(message)) {
            Object limit = request.getConnector().getProperty("maxHttpRequestHeaderSize");
            String size = limit == null ? "" : "(" + limit + ")";
            // the buffer holds the request line and the headers: full before the line ended, the line is too long
            return lineRead ? ApiException.invalid("headers", "maxSize" + size)
                    : ApiException.invalid(ErrorKind.URI_TOO_LONG, "uri", "maxLength" + size);
        }
        return ApiException.invalid("request", "http(RFC 9110: no encoded '/', '\\' or NUL in the path, "
                + "no control characters, valid percent-escapes)");
    }

    /** The path of a request target Tomcat could not parse, as its message quotes it; empty when it does not. */
    private static String targetIn(String message) {
        if (message == null || BAD_TARGET.length < 2 || !message.startsWith(BAD_TARGET[0])) {
            return "";
        }
        String target = message.substring(BAD_TARGET[0].length());
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }
}
