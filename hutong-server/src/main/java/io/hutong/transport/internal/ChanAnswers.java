package io.hutong.transport.internal;

import io.hutong.transport.internal.Chan.ContainerCall;
import io.hutong.web.ApiException;
import io.hutong.web.RequestJson;
import io.hutong.web.TextRules;
import io.hutong.web.TraceIds;
import io.hutong.web.TransportCode;
import io.hutong.web.TransportOutbound;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.core.JacksonException;

/**
 * Reads a transport call in either form and answers it in the same form: the raw body with
 * {@code x-ptp-*} headers answered with a protobuf {@code TransportOutbound} (Kuscia), or the
 * standard's JSON form answered in JSON. A refusal is an answer with its code, never an HTTP error.
 */
@Component
public class ChanAnswers {

    private static final Logger log = LoggerFactory.getLogger(ChanAnswers.class);
    public static final byte[] NOTHING = SessionQueues.NOTHING;

    private static final Duration LATER_MARGIN = Duration.ofSeconds(10);

    private final RequestJson json;
    private final TransportProperties properties;

    ChanAnswers(RequestJson json, TransportProperties properties) {
        this.json = json;
        this.properties = properties;
    }

    /** A container's call and the message it carries (empty for reads). */
    public record Request(ContainerCall call, byte[] payload) {
    }

    /** The JSON form: {@code payload} in Base64 (or as an array of bytes); {@code metadata} is reserved. */
    private record JsonForm(byte[] payload, String topic, Integer timeout, Map<String, Object> metadata) {
    }

    public Request read(HttpServletRequest http, byte[] body) {
        byte[] raw = body == null ? NOTHING : body;
        String topic = header(http, "x-ptp-topic");
        Integer timeout = seconds(http.getParameter("timeout"));
        byte[] payload = raw;
        if (TransportOutbound.jsonForm(http)) {
            JsonForm form;
            try {
                form = raw.length == 0 ? new JsonForm(null, null, null, null) : json.read(raw, JsonForm.class);
            } catch (JacksonException e) {
                form = null;
            }
            if (form == null) {
                throw new ChanException(TransportCode.BAD_REQUEST,
                        "body: the JSON form is {\"payload\": Base64, \"topic\": string, \"timeout\": seconds}");
            }
            payload = form.payload() == null ? NOTHING : form.payload();
            topic = form.topic() != null ? form.topic() : topic;
            timeout = form.timeout() != null ? form.timeout() : timeout;
        }
        return new Request(new ContainerCall(header(http, "x-ptp-session-id"), header(http, "x-ptp-target-node-id"),
                topic, timeout, header(http, "x-ptp-token"), http.getRemoteAddr(), header(http, "x-ptp-trace-id")),
                payload);
    }

    /** An {@code x-ptp-*} header, held to the text rules as every parameter is. */
    private static String header(HttpServletRequest http, String name) {
        String value = http.getHeader(name);
        String rule = value == null ? null : TextRules.broken(value, TextRules.DEFAULT_LIMIT);
        if (rule != null) {
            throw new ChanException(TransportCode.BAD_REQUEST, name + ": " + rule);
        }
        return value;
    }

    /** Runs {@code work} and answers its message (empty for calls that return none). */
    public ResponseEntity<?> answer(HttpServletRequest http, Supplier<byte[]> work) {
        return run(work).toResponse(TransportOutbound.jsonForm(http));
    }

    /**
     * As {@link #answer}, for work that answers once a message came or its wait ended. The request
     * stays open for the longest wait a pop may ask for, whatever the server's default for
     * asynchronous requests (Tomcat's is 30 s).
     */
    public DeferredResult<ResponseEntity<?>> answerLater(HttpServletRequest http,
            Supplier<CompletableFuture<byte[]>> work) {
        boolean inJson = TransportOutbound.jsonForm(http);
        DeferredResult<ResponseEntity<?>> result = new DeferredResult<>(
                properties.maxTimeout().plus(LATER_MARGIN).toMillis());
        CompletableFuture<byte[]> pending;
        try {
            pending = work.get();
        } catch (RuntimeException failure) {
            result.setResult(outbound(failure).toResponse(inJson));
            return result;
        }
        pending.whenComplete((message, failure) -> {
            TransportOutbound answer = failure == null ? TransportOutbound.ok(message)
                    : outbound(failure instanceof CompletionException wrapped ? wrapped.getCause() : failure);
            result.setResult(answer.toResponse(inJson));
        });
        return result;
    }

    /** The answer to a peer node's invoke: always the protobuf, as Kuscia's nodes answer each other. */
    public ResponseEntity<?> answerPeer(Supplier<byte[]> work) {
        return run(work).toResponse(false);
    }

    private static TransportOutbound run(Supplier<byte[]> work) {
        try {
            return TransportOutbound.ok(work.get());
        } catch (RuntimeException failure) {
            return outbound(failure);
        }
    }

    private static TransportOutbound outbound(Throwable failure) {
        if (failure instanceof ChanException refused) {
            return TransportOutbound.refusal(refused.code, refused.getMessage());
        }
        if (failure instanceof ApiException refused) {
            return TransportOutbound.refusal(TransportCode.of(refused.kind()).code(), refused.getMessage());
        }
        String traceId = TraceIds.current();
        log.error("Transport call failed, trace id {}", traceId, failure);
        return TransportOutbound.refusal(TransportCode.SYSTEM_ERROR.code(),
                "internal error (trace id " + traceId + ")");
    }

    private static Integer seconds(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new ChanException(TransportCode.BAD_REQUEST, "timeout: integer(seconds), got " + text);
        }
    }
}
