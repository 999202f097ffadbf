package io.hutong.core;

import java.net.http.HttpClient;
import java.time.Duration;

/** HTTP clients for calls whose caller waits for the answer. */
public final class HttpClients {

    private HttpClients() {
    }

    /**
     * HTTP/1.1 (the peers speak nothing else, and an h2c upgrade attempt only costs a round trip).
     * Only blocking {@code send} is used on these clients, so the client's own steps run on its
     * selector thread instead of being handed to a pool: about half the latency of a loopback call.
     */
    public static HttpClient.Builder blocking(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .executor(Runnable::run);
    }
}
