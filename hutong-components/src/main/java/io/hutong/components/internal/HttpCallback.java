package io.hutong.components.internal;

import io.hutong.components.ComponentContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A component's report to its node (§4.1 of the algorithm-container contract): {@code POST
 * system.callback} with {@code {task_id, status, role}} and the task's token in the {@code token}
 * header. While the node does not answer (it may be restarting) the call is tried again, for up to
 * {@link #PATIENCE}: once the component has ended, only the callback can tell. An answer of any
 * status ends it.
 */
public final class HttpCallback implements ComponentContext.Callback {

    static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final Duration PAUSE = Duration.ofSeconds(1);

    private final Map<String, String> env;

    public HttpCallback(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public void report(String status) throws IOException, InterruptedException {
        String url = env.getOrDefault("system.callback", "");
        if (!url.startsWith("http")) {
            return;
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("task_id", env.getOrDefault("config.task_id", ""));
        body.put("status", status);
        body.put("role", env.getOrDefault("config.self_role", ""));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("token", env.getOrDefault("config.token", ""))
                .POST(HttpRequest.BodyPublishers.ofString(JsonMapper.builder().build().writeValueAsString(body))).build();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() / 100 != 2) {
                    throw new IOException("the node answered HTTP " + answer.statusCode() + ": " + answer.body());
                }
                return;
            } catch (ConnectException | HttpTimeoutException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                Thread.sleep(PAUSE.toMillis());
            }
        }
    }
}
