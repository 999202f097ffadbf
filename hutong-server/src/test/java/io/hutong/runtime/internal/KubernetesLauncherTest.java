package io.hutong.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.hutong.core.NodeProperties;
import io.hutong.runtime.RuntimeProperties;
import io.hutong.runtime.UnitHandle;
import io.hutong.runtime.UnitExited;
import io.hutong.runtime.TaskLogs;
import io.hutong.runtime.UnitSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Kubernetes launcher against fabric8's mock API server (CRUD mode): pods in, exit codes out. */
class KubernetesLauncherTest {

    private KubernetesMockServer server;
    private KubernetesClient kubernetes;
    private KubernetesLauncher launcher;
    private final List<UnitExited> exits = new CopyOnWriteArrayList<>();
    private Path dataDir;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        kubernetes = server.createClient();
        dataDir = Path.of("target/it-data/k8s-" + UUID.randomUUID());
        NodeProperties node = new NodeProperties(new NodeProperties.Node("node-a", "http://node-a.example:8801"),
                dataDir, ZoneId.of("UTC"), null);
        Clock clock = Clock.systemUTC();
        launcher = new KubernetesLauncher(new RuntimeProperties("kubernetes", List.of(),
                new RuntimeProperties.Process(null, RuntimeProperties.Process.Builtins.PROCESS, List.of()),
                new RuntimeProperties.Kubernetes(kubernetes.getMasterUrl().toString(), "bfia", null,
                        "hutong-tasks", "500m", "256Mi", "IfNotPresent", false)), node, new TaskLogs(node, clock),
                event -> exits.add((UnitExited) event), clock);
    }

    @AfterEach
    void stop() {
        launcher.close();
        kubernetes.close();
        server.destroy();
    }

    private static UnitSpec spec(String taskId) {
        return new UnitSpec("job-x", taskId, "host", 0, "registry.example/psi:2.0",
                Map.of("config.task_id", taskId, "system.callback", "http://127.0.0.1:8801/v1/platform/schedule/task/callback",
                        "runtime.component.parameter.seconds", "3"));
    }

    @Test
    void aTaskBecomesAPodWithTheContractAsItsEnvironment() {
        UnitHandle launched = launcher.launch(spec("task_AbC123"));
        assertThat(launched.text()).isEqualTo("pod:bfia/ht-taskabc123-host-0");
        Pod pod = kubernetes.pods().inNamespace("bfia").withName("ht-taskabc123-host-0").get();
        assertThat(pod.getMetadata().getLabels()).containsEntry("hutong.io/node", "node-a")
                .containsEntry("hutong.io/role", "host").containsEntry("hutong.io/role-index", "0");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("hutong.io/task-id", "task_AbC123");
        var container = pod.getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("registry.example/psi:2.0");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("hutong-tasks");
        assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("256Mi");
        assertThat(container.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("runtime.component.parameter.seconds", "3"),
                        org.assertj.core.groups.Tuple.tuple("system.compute", "kubernetes"),
                        org.assertj.core.groups.Tuple.tuple("system.callback",
                                "http://node-a.example:8801/v1/platform/schedule/task/callback"),
                        org.assertj.core.groups.Tuple.tuple("system.transport", "node-a.example:8801"));
    }

    @Test
    void aPodThatEndsReportsItsContainersExitCodeOnce() {
        launcher.launch(spec("task_ends"));
        finish("ht-taskends-host-0", "Failed", 3);
        await().atMost(Duration.ofSeconds(20)).until(() -> !exits.isEmpty());
        assertThat(exits).singleElement().satisfies(exit -> {
            assertThat(exit.taskId()).isEqualTo("task_ends");
            assertThat(exit.role()).isEqualTo("host");
            assertThat(exit.exitCode()).isEqualTo(3);
        });
        await().atMost(Duration.ofSeconds(20))
                .until(() -> kubernetes.pods().inNamespace("bfia").withName("ht-taskends-host-0").get() == null);
        assertThat(exits).hasSize(1);
        assertThat(Files.exists(dataDir.toAbsolutePath().resolve("tasks/job-x/task_ends/host_0/debug.log"))).isTrue();
    }

    @Test
    void stoppingDeletesThePodAndAPodGoneDuringARestartIsReported() {
        UnitHandle launched = launcher.launch(spec("task_stop"));
        launcher.stop(launched);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> kubernetes.pods().inNamespace("bfia").withName("ht-taskstop-host-0").get() == null);
        exits.clear();
        launcher.recover(spec("task_stop"), launched);
        await().atMost(Duration.ofSeconds(20)).until(() -> !exits.isEmpty());
        assertThat(exits.get(0).exitCode()).isNull();
    }

    private void finish(String name, String phase, int exitCode) {
        Pod pod = kubernetes.pods().inNamespace("bfia").withName(name).get();
        pod.setStatus(new PodStatusBuilder().withPhase(phase).withContainerStatuses(new ContainerStatusBuilder()
                .withName("component").withNewState().withNewTerminated().withExitCode(exitCode).endTerminated()
                .endState().build()).build());
        kubernetes.pods().inNamespace("bfia").resource(pod).updateStatus();
    }
}
