package io.hutong.transport.internal;

import io.hutong.transport.internal.Chan.ContainerCall;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

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

    private final JsonMapper json;
    private final TransportProperties properties;

    ChanAnswers(JsonMapper json, TransportProperties properties) {
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
        String topic = http.getHeader("x-ptp-topic");
        Integer timeout = seconds(http.getParameter("timeout"));
        byte[] payload = raw;
        if (isJson(http)) {
            JsonForm form;
            try {
                form = raw.length == 0 ? new JsonForm(null, null, null, null) : json.readValue(raw, JsonForm.class);
            } catch (JacksonException e) {
                throw new ChanException(ChanCode.BAD_REQUEST, "body: the JSON form is {\"payload\": Base64, \"topic\": "
                        + "string, \"timeout\": seconds} (" + e.getOriginalMessage() + ")");
            }
            payload = form.payload() == null ? NOTHING : form.payload();
            topic = form.topic() != null ? form.topic() : topic;
            timeout = form.timeout() != null ? form.timeout() : timeout;
        }
        return new Request(new ContainerCall(http.getHeader("x-ptp-session-id"), http.getHeader("x-ptp-target-node-id"),
                topic, timeout, http.getHeader("x-ptp-token"), http.getRemoteAddr(), http.getHeader("x-ptp-trace-id")),
                payload);
    }

    /** Runs {@code work} and answers its message (empty for calls that return none). */
    public ResponseEntity<?> answer(HttpServletRequest http, Supplier<byte[]> work) {
        return render(isJson(http), run(work));
    }

    /**
     * As {@link #answer}, for work that answers once a message came or its wait ended. The request
     * stays open for the longest wait a pop may ask for, whatever the server's default for
     * asynchronous requests (Tomcat's is 30 s).
     */
    public DeferredResult<ResponseEntity<?>> answerLater(HttpServletRequest http,
            Supplier<CompletableFuture<byte[]>> work) {
        boolean inJson = isJson(http);
        DeferredResult<ResponseEntity<?>> result = new DeferredResult<>(
                properties.maxTimeout().plus(LATER_MARGIN).toMillis());
        CompletableFuture<byte[]> pending;
        try {
            pending = work.get();
        } catch (RuntimeException failure) {
            result.setResult(render(inJson, outbound(failure)));
            return result;
        }
        pending.whenComplete((message, failure) -> result.setResult(render(inJson, failure == null
                ? Outbound.ok(message) : outbound(failure instanceof CompletionException wrapped ? wrapped.getCause()
                : failure))));
        return result;
    }

    /** The answer to a peer node's invoke: always the protobuf, as Kuscia's nodes answer each other. */
    public ResponseEntity<?> answerPeer(Supplier<byte[]> work) {
        return render(false, run(work));
    }

    private static Outbound run(Supplier<byte[]> work) {
        try {
            return Outbound.ok(work.get());
        } catch (RuntimeException failure) {
            return outbound(failure);
        }
    }

    private static Outbound outbound(Throwable failure) {
        if (failure instanceof ChanException refused) {
            return Outbound.of(refused);
        }
        log.error("Transport call failed", failure);
        return new Outbound(ChanCode.SYSTEM_ERROR.code, "internal error: " + failure.getClass().getSimpleName(),
                NOTHING);
    }

    private static ResponseEntity<?> render(boolean inJson, Outbound outbound) {
        return inJson ? ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(outbound.toJson())
                : ResponseEntity.ok().contentType(MediaType.parseMediaType(Outbound.PROTOBUF)).body(outbound.toProtobuf());
    }

    private static boolean isJson(HttpServletRequest http) {
        String type = http.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }

    private static Integer seconds(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw new ChanException(ChanCode.BAD_REQUEST, "timeout: integer(seconds), got " + text);
        }
    }
}
