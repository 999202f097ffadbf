package io.hutong.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The causes of failed calls as real clients report them, in words, without exception names. */
class UpstreamFailuresTest {

    private static final HttpClient HTTP = HttpClients.blocking(Duration.ofSeconds(2)).build();

    private static Throwable call(String url, Duration timeout) {
        return catchThrowable(() -> HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aClosedPortIsARefusedConnection() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Throwable failure = call("http://127.0.0.1:" + closed + "/", Duration.ofSeconds(2));
        assertThat(failure.getMessage()).as("the JDK client says nothing itself").isNull();
        assertThat(UpstreamFailures.cause(failure)).isEqualTo("connection refused");
        assertThat(UpstreamFailures.timedOut(failure)).isFalse();
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0)) {
            Throwable failure = call("http://127.0.0.1:" + silent.getLocalPort() + "/", Duration.ofMillis(300));
            assertThat(UpstreamFailures.cause(failure)).isEqualTo("timed out waiting for the answer");
            assertThat(UpstreamFailures.timedOut(failure)).isTrue();
        }
    }

    @Test
    void aTlsFailureSaysWhyWithoutNamingExceptions() {
        SSLHandshakeException failure = new SSLHandshakeException("PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path");
        assertThat(UpstreamFailures.cause(new IOException(failure)))
                .isEqualTo("TLS handshake failed: PKIX path building failed: unable to find valid certification path");
    }

    @Test
    void anUnknownHostIsNamed() {
        Throwable failure = call("http://no-such-host.invalid/", Duration.ofSeconds(2));
        assertThat(UpstreamFailures.cause(failure)).startsWith("unknown host");
    }
}
