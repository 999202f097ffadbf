package io.hutong.components.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.hutong.components.internal.wire.TransportOutbound;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The BFIA transport as a container calls it at its own node ({@code system.transport}), in the
 * form SecretFlow's link uses: {@code POST /v1/interconn/chan/push} with the message as the raw body
 * and {@code .../pop?timeout=}, both with the {@code x-ptp-*} headers, answered with a protobuf
 * {@code TransportOutbound}. A push the node cannot queue yet (E0000000700) or does not answer is
 * tried again until the patience is spent.
 */
final class Transport implements Link.Channel {

    private static final String OK = "E0000000000";
    private static final String NOTHING_YET = "E0000000404";
    private static final String QUEUE_FULL = "E0000000700";
    private static final Duration PAUSE = Duration.ofSeconds(1);
    // shared by every run in a JVM (the node runs components in-process); its threads are daemons
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * Where and as whom this party talks to its peer.
     *
     * @param node {@code system.transport}: {@code host:port}, or a base URL
     * @param pushTopic {@code <self party>-<peer party>}; popTopic the other way round
     */
    record Address(String node, String session, String token, String traceId, String selfNode, String peerNode,
            String selfInstance, String peerInstance, String pushTopic, String popTopic) {
    }

    private final Address address;
    private final URI push;
    private final String pop;
    private final Duration patience;

    /** @param patience how long a push is tried again */
    Transport(Address address, Duration patience) {
        this.address = address;
        String base = address.node().contains("://") ? address.node() : "http://" + address.node();
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.push = URI.create(base + "/v1/interconn/chan/push");
        this.pop = base + "/v1/interconn/chan/pop?timeout=";
        this.patience = patience;
    }

    @Override
    public void push(byte[] message) {
        HttpRequest request = request(push, address.pushTopic(), Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(message)).build();
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            String problem;
            try {
                TransportOutbound answer = call(request);
                if (answer.getCode().equals(OK)) {
                    return;
                }
                if (!answer.getCode().equals(QUEUE_FULL)) {
                    throw new ComponentFailure("the node refused a push to " + address.peerNode() + ": "
                            + answer.getCode() + " " + answer.getMessage());
                }
                problem = answer.getCode() + " " + answer.getMessage();
            } catch (UncheckedIOException e) {
                problem = e.getMessage();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ComponentFailure("a push to " + address.peerNode() + " was not taken in "
                        + patience.toSeconds() + " s: " + problem);
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ComponentFailure("stopped");
            }
        }
    }

    @Override
    public byte[] pop(int seconds) {
        HttpRequest request = request(URI.create(pop + seconds), address.popTopic(),
                Duration.ofSeconds(seconds + 30)).POST(HttpRequest.BodyPublishers.noBody()).build();
        TransportOutbound answer = call(request);
        if (answer.getCode().equals(OK) || answer.getCode().equals(NOTHING_YET)) {
            return answer.getPayload().toByteArray();
        }
        throw new ComponentFailure("the node refused a pop from " + address.peerNode() + ": " + answer.getCode()
                + " " + answer.getMessage());
    }

    private HttpRequest.Builder request(URI uri, String topic, Duration timeout) {
        return HttpRequest.newBuilder(uri).timeout(timeout)
                .header("x-ptp-tech-provider-code", "Hutong")
                .header("x-ptp-trace-id", address.traceId())
                .header("x-ptp-token", address.token())
                .header("x-ptp-session-id", address.session())
                .header("x-ptp-source-node-id", address.selfNode())
                .header("x-ptp-target-node-id", address.peerNode())
                .header("x-ptp-source-inst-id", address.selfInstance())
                .header("x-ptp-target-inst-id", address.peerInstance())
                .header("x-ptp-topic", topic);
    }

    private static TransportOutbound call(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComponentFailure("stopped");
        }
        if (response.statusCode() != 200) {
            throw new ComponentFailure(request.uri() + " answered HTTP " + response.statusCode());
        }
        try {
            return TransportOutbound.parseFrom(response.body());
        } catch (InvalidProtocolBufferException e) {
            throw new ComponentFailure(request.uri() + " answered no TransportOutbound: " + e.getMessage());
        }
    }
}
