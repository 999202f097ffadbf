package io.hutong.interconn;

import static io.hutong.support.BfiaJobsFixture.component;
import static io.hutong.support.BfiaJobsFixture.dag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hutong.support.Api;
import io.hutong.support.FakePeer;
import io.hutong.support.Federation;
import io.hutong.support.NodeIT;
import io.hutong.support.Nodes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Two replicas of one node on one database: a task is launched once and reported once. */
class ReplicasIT {

    @Test
    void twoReplicasNeverStartTheSameTaskTwice() throws Exception {
        String root = "target/it-data/replicas-" + UUID.randomUUID();
        try (FakePeer scheduler = new FakePeer(path -> "{\"code\":0,\"msg\":\"ok\",\"data\":{}}")) {
            // replicas of a node share its secret key (their private key is stored encrypted with it)
            String[] common = {"--hutong.peers.node-s=" + scheduler.url(), "--hutong.interconn.approval.mode=auto",
                    "--hutong.secret-key=" + java.util.Base64.getEncoder().encodeToString(new byte[32])};
            ConfigurableApplicationContext first = Nodes.start("node-r", root + "/first", common);
            Properties db = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(root, "first/postgres/postgres.properties"))) {
                db.load(in);
            }
            List<String> secondArgs = new ArrayList<>(List.of(common));
            secondArgs.addAll(List.of("--spring.datasource.url=" + db.getProperty("url"),
                    "--spring.datasource.username=" + db.getProperty("user"),
                    "--spring.datasource.password=" + db.getProperty("password")));
            ConfigurableApplicationContext second = Nodes.start("node-r", root + "/second",
                    secondArgs.toArray(String[]::new));
            try {
                Api a = new Api(Nodes.port(first));
                Api b = new Api(Nodes.port(second));
                Federation.registerDemoComponents(a);
                // the stand-in scheduler signs nothing: let it in as a peer that cannot sign
                assertThat(a.send(HttpRequest.newBuilder(URI.create(a.base() + "/admin/trust/peers/node-s/unsigned"))
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"unsigned\": true}")), NodeIT.ADMIN_TOKEN,
                        Map.of("Content-Type", "application/json")).code()).isEqualTo("General.Success");
                String jobId = "job-" + UUID.randomUUID().toString().replace("-", "");
                String taskId = "task_" + UUID.randomUUID().toString().replace("-", "");
                Map<String, Object> config = Map.of("initiator", Map.of("role", "guest", "node_id", "node-s"),
                        "role", Map.of("guest", List.of("node-s"), "host", List.of("node-r")),
                        "job_params", Map.of("common", Map.of("sync_type", "callback")), "task_params", Map.of());
                Map<String, Object> taskParams = Map.of("guest", Map.of("0", Map.of("work", Map.of())));
                Map<String, Object> narrowed = new java.util.LinkedHashMap<>(config);
                narrowed.put("task_params", taskParams);
                assertThat(eastWest(a, "job/create", Map.of("job_id", jobId, "dag",
                        dag(List.of(component("work", "Noop"))), "config", narrowed))).isZero();
                assertThat(eastWest(b, "job/start", Map.of("job_id", jobId))).isZero();

                Map<String, Object> start = Map.of("task_id", taskId, "job_id", jobId, "task_name", "work");
                List<CompletableFuture<Integer>> starts = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    Api replica = i % 2 == 0 ? a : b;
                    starts.add(CompletableFuture.supplyAsync(() -> eastWest(replica, "task/start", start)));
                }
                starts.forEach(s -> assertThat(s.join()).isZero());

                await().atMost(Duration.ofSeconds(30)).until(() -> !scheduler.received("task/callback").isEmpty());
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> scheduler.received("task/callback").size() == 1);
                assertThat(scheduler.received("task/callback").get(0).body()).contains(taskId).contains("SUCCESS")
                        .contains("\"role\":\"host\"");
                assertThat(launches(Path.of(root), taskId)).isEqualTo(1);
            } finally {
                second.close();
                first.close();
            }
        }
    }

    private static long launches(Path root, String taskId) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> logs = files.filter(p -> p.getFileName().toString().equals("debug.log")
                    && p.toString().contains(taskId)).toList();
            long count = 0;
            for (Path log : logs) {
                count += Files.readAllLines(log).stream().filter(line -> line.contains("launched pid")).count();
            }
            return count;
        }
    }

    private static int eastWest(Api node, String path, Object body) {
        return node.send(HttpRequest.newBuilder(URI.create(node.base() + "/v1/interconn/schedule/" + path))
                .POST(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body))), null,
                Map.of("Content-Type", "application/json", "x-source-node-id", "node-s", "x-target-node-id", "node-r"))
                .json().path("code").asInt(-1);
    }
}
