package io.hutong.transport.internal;

import io.hutong.node.PeerClient;
import io.hutong.node.PeerClient.RawAnswer;
import io.hutong.node.LocalNode;
import io.hutong.node.PeerException;
import io.hutong.transport.SessionGuard;
import io.hutong.web.TransportCode;
import io.hutong.web.TransportOutbound;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;

/**
 * What the transport endpoints do. A container's push to a peer is handed to the peer's node at
 * once (an invoke, signed like every east-west call), so its answer is the peer's; a push to this
 * node's own id is queued here. Messages are queued under {@code <sending node>-<topic>}: a reader
 * names the node it reads from in {@code x-ptp-target-node-id}, as Kuscia's readers do.
 */
@Service
public class Chan {

    private static final String INVOKE = "/v1/interconn/chan/invoke";

    private final SessionQueues queues;
    private final PeerClient peerClient;
    private final LocalNode local;
    private final TransportProperties properties;
    private final SessionGuard guard;

    Chan(SessionQueues queues, PeerClient peerClient, LocalNode local, TransportProperties properties,
            SessionGuard guard) {
        this.queues = queues;
        this.peerClient = peerClient;
        this.local = local;
        this.properties = properties;
        this.guard = guard;
    }

    /**
     * A container's call: its {@code x-ptp-*} headers, or the JSON body's topic and timeout.
     *
     * @param peer {@code x-ptp-target-node-id}: where a push goes, or whose messages a read takes
     * @param timeout seconds, null when not given
     */
    public record ContainerCall(String session, String peer, String topic, Integer timeout, String token,
            String remoteAddress, String traceId) {
    }

    public void push(ContainerCall call, byte[] message) {
        authorize(call);
        String peer = require(call.peer(), "x-ptp-target-node-id");
        checkSize(message);
        String topic = topic(call);
        if (local.is(peer)) {
            queues.push(call.session(), peer, peer + "-" + topic, message);
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ptp-session-id", call.session());
        headers.put("x-ptp-topic", topic);
        headers.put("x-ptp-source-node-id", local.id());
        headers.put("x-ptp-target-node-id", peer);
        headers.put("x-ptp-version", "1");
        headers.put("x-ptp-uri", "/v1/interconn/chan/push");
        headers.put("x-ptp-trace-id", call.traceId() == null ? "" : call.traceId());
        RawAnswer answer;
        try {
            answer = peerClient.postBytes(peer, INVOKE, "session_id=" + encode(call.session()) + "&topic=" + encode(topic),
                    headers, message);
        } catch (PeerException e) {
            throw new ChanException(e.reachable() ? TransportCode.SYSTEM_ERROR : TransportCode.NETWORK_ERROR,
                    e.getMessage());
        }
        if (answer.status() / 100 != 2) {
            // refused before the transport layer (its signature, its peers): the BFIA envelope, as text
            throw new ChanException(TransportCode.SYSTEM_ERROR, "node " + peer + " answered HTTP " + answer.status()
                    + ": " + new String(answer.body(), StandardCharsets.UTF_8));
        }
        TransportOutbound outbound;
        try {
            outbound = TransportOutbound.fromProtobuf(answer.body());
        } catch (IllegalArgumentException e) {
            throw new ChanException(TransportCode.SYSTEM_ERROR, "the answer of node " + peer + " is " + e.getMessage());
        }
        if (!outbound.success()) {
            throw new ChanException(outbound.code().isEmpty() ? TransportCode.SYSTEM_ERROR.code() : outbound.code(),
                    "node " + peer + " refused the message: " + outbound.message());
        }
    }

    /**
     * A peer node's message for a container of this node; {@code source} is the verified caller. Only
     * into the session of a task that runs here and in which the caller takes part.
     */
    public void invoke(String source, String session, String topic, byte[] message) {
        require(session, "x-ptp-session-id");
        if (!guard.admits(source, session)) {
            throw new ChanException(TransportCode.FORBIDDEN, "session " + session + " is no task running here in which "
                    + source + " takes part");
        }
        checkSize(message);
        queues.push(session, source, source + "-" + (topic == null ? "" : topic), message);
    }

    /** A value given in the signed query and in a header: they must agree; the query's counts. */
    public static String signedOrHeader(String inQuery, String header, String queryName, String headerName) {
        if (inQuery != null && header != null && !inQuery.equals(header)) {
            throw new ChanException(TransportCode.BAD_REQUEST, headerName + ": equals(the signed " + queryName + " "
                    + inQuery + ")");
        }
        return inQuery != null ? inQuery : header;
    }

    public CompletableFuture<byte[]> pop(ContainerCall call) {
        authorize(call);
        int seconds = call.timeout() == null ? (int) properties.defaultTimeout().toSeconds() : call.timeout();
        if (seconds < 0) {
            throw new ChanException(TransportCode.BAD_REQUEST, "timeout: min(0) seconds");
        }
        Duration wait = Duration.ofSeconds(Math.min(seconds, properties.maxTimeout().toSeconds()));
        return queues.pop(call.session(), key(call), wait);
    }

    public byte[] peek(ContainerCall call) {
        authorize(call);
        return queues.peek(call.session(), key(call));
    }

    /** With a topic, that topic's messages from the peer; without, the whole session. */
    public void release(ContainerCall call) {
        authorize(call);
        queues.release(call.session(), call.topic() == null || call.topic().isEmpty() ? null : key(call));
    }

    private String key(ContainerCall call) {
        return require(call.peer(), "x-ptp-target-node-id") + "-" + topic(call);
    }

    private static String topic(ContainerCall call) {
        return call.topic() == null ? "" : call.topic();
    }

    /** A container opens a session with its task's token, or by calling from an address tasks are launched on. */
    private void authorize(ContainerCall call) {
        require(call.session(), "x-ptp-session-id");
        if (properties.trustedAddresses().contains(call.remoteAddress())) {
            return;
        }
        if (call.token() == null || call.token().isBlank() || !guard.opens(call.token(), call.session())) {
            throw new ChanException(TransportCode.FORBIDDEN, "x-ptp-token: the config.token of a task of session "
                    + call.session() + " on this node is required from " + call.remoteAddress());
        }
    }

    private void checkSize(byte[] message) {
        long max = properties.maxMessage().toBytes();
        if (message.length > max) {
            throw new ChanException(TransportCode.TOO_LARGE, "the message has " + message.length
                    + " bytes; hutong.transport.max-message is " + max);
        }
    }

    private static String require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ChanException(TransportCode.BAD_REQUEST, name + ": notBlank");
        }
        return value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
