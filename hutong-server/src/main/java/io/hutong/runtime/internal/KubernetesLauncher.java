package io.hutong.runtime.internal;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hutong.core.NodeProperties;
import io.hutong.runtime.LaunchException;
import io.hutong.runtime.RuntimeProperties;
import io.hutong.runtime.UnitHandle;
import io.hutong.runtime.UnitExited;
import io.hutong.runtime.UnitLauncher;
import io.hutong.runtime.TaskLogs;
import io.hutong.runtime.UnitSpec;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The production launcher: each party-role of a task is a pod running the component's image,
 * with the container contract as its environment. An informer on this node's pods reports each
 * one's end as a {@link UnitExited} (the container's exit code), after keeping its log as the
 * task's info log.
 */
@Component
@ConditionalOnProperty(name = "hutong.runtime.launcher", havingValue = "kubernetes")
class KubernetesLauncher implements UnitLauncher {

    private static final Logger log = LoggerFactory.getLogger(KubernetesLauncher.class);
    private static final String PREFIX = "hutong.io/";

    private final KubernetesClient client;
    private final RuntimeProperties.Kubernetes properties;
    private final String nodeLabel;
    private final String callbackUrl;
    private final TaskLogs logs;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SharedIndexInformer<Pod> informer;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    KubernetesLauncher(RuntimeProperties runtime, NodeProperties node, TaskLogs logs,
            ApplicationEventPublisher events, Clock clock) {
        RuntimeProperties.Kubernetes properties = runtime.kubernetes();
        this.properties = properties;
        this.nodeLabel = dnsLabel(node.id());
        this.callbackUrl = (properties.callbackUrl() != null ? properties.callbackUrl()
                : node.node().baseUrl() != null ? node.node().baseUrl() : "") .replaceAll("/+$", "");
        this.logs = logs;
        this.events = events;
        this.clock = clock;
        ConfigBuilder config = new ConfigBuilder().withNamespace(properties.namespace());
        if (properties.masterUrl() != null && !properties.masterUrl().isBlank()) {
            config.withMasterUrl(properties.masterUrl());
        }
        this.client = new KubernetesClientBuilder().withConfig(config.build()).build();
        this.informer = client.pods().inNamespace(properties.namespace()).withLabel(PREFIX + "node", nodeLabel)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        ended(pod);
                    }

                    @Override
                    public void onUpdate(Pod old, Pod pod) {
                        ended(pod);
                    }

                    @Override
                    public void onDelete(Pod pod, boolean unknownFinalState) {
                        ended(pod);
                    }
                });
    }

    @Override
    public UnitHandle launch(UnitSpec spec) {
        String name = podName(spec);
        Map<String, String> env = new java.util.LinkedHashMap<>(spec.env());
        env.put("system.compute", "kubernetes");
        if (!callbackUrl.isEmpty()) {
            env.put("system.callback", callbackUrl + "/v1/platform/schedule/task/callback");
            URI node = URI.create(callbackUrl);
            env.put("system.transport", node.getHost() + ":" + (node.getPort() > 0 ? node.getPort()
                    : "https".equals(node.getScheme()) ? 443 : 80));
        }
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(properties.namespace())
                .addToLabels(PREFIX + "node", nodeLabel).addToLabels(PREFIX + "role", spec.role())
                .addToLabels(PREFIX + "role-index", Integer.toString(spec.roleIndex()))
                .addToAnnotations(PREFIX + "job-id", spec.jobId()).addToAnnotations(PREFIX + "task-id", spec.taskId())
                .endMetadata()
                .withNewSpec().withRestartPolicy("Never").withServiceAccountName(properties.serviceAccount())
                .addNewContainer().withName("component").withImage(spec.image())
                .withImagePullPolicy(properties.imagePullPolicy())
                .withEnv(env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList())
                .withNewResources()
                .addToRequests("cpu", new Quantity(properties.cpu())).addToRequests("memory", new Quantity(properties.memory()))
                .addToLimits("cpu", new Quantity(properties.cpu())).addToLimits("memory", new Quantity(properties.memory()))
                .endResources()
                .endContainer().endSpec().build();
        try {
            Pod created = client.pods().inNamespace(properties.namespace()).resource(pod).create();
            logs.debug(spec, "created pod " + properties.namespace() + "/" + name + " from " + spec.image());
            return new UnitHandle.Pod(properties.namespace(), name, created(created));
        } catch (KubernetesClientException e) {
            logs.debug(spec, "pod not created: " + e.getMessage());
            throw new LaunchException("could not create pod " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void stop(UnitHandle unit) {
        String name = podOf(unit);
        if (name != null) {
            client.pods().inNamespace(properties.namespace()).withName(name).withGracePeriod(0).delete();
        }
    }

    @Override
    public void recover(UnitSpec spec, UnitHandle unit) {
        String name = podOf(unit);
        Pod pod = name == null ? null : client.pods().inNamespace(properties.namespace()).withName(name).get();
        if (pod == null) {
            logs.debug(spec, "the pod is gone and left no exit status");
            publish(spec, null);
        } else {
            ended(pod);
        }
    }

    /** Reports a pod once it ended (or vanished); keeps its log first. */
    private void ended(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean deleted = pod.getMetadata().getDeletionTimestamp() != null;
        if (!"Succeeded".equals(phase) && !"Failed".equals(phase) && !deleted
                || !reported.add(pod.getMetadata().getUid())) {
            return;
        }
        UnitSpec spec = specOf(pod);
        Integer exitCode = exitCode(pod);
        keepLog(spec, pod);
        logs.debug(spec, "pod " + pod.getMetadata().getName() + " ended: " + phase + (exitCode == null ? "" : ", exit " + exitCode));
        publish(spec, exitCode);
        if (!properties.keepFinishedPods() && !deleted) {
            client.pods().inNamespace(properties.namespace()).withName(pod.getMetadata().getName()).delete();
        }
    }

    private void keepLog(UnitSpec spec, Pod pod) {
        Path directory = logs.directory(spec.jobId(), spec.taskId(), spec.role(), spec.roleIndex());
        try {
            String text = client.pods().inNamespace(properties.namespace()).withName(pod.getMetadata().getName()).getLog();
            Files.createDirectories(directory);
            Files.writeString(TaskLogs.file(directory, "info"), text == null ? "" : text, StandardCharsets.UTF_8);
        } catch (KubernetesClientException | IOException e) {
            logs.debug(spec, "the pod's log could not be kept: " + e.getMessage());
        }
    }

    private void publish(UnitSpec spec, Integer exitCode) {
        try {
            events.publishEvent(new UnitExited(spec.jobId(), spec.taskId(), spec.role(), spec.roleIndex(), exitCode));
        } catch (RuntimeException e) {
            log.error("Could not record the end of task {} {}", spec.taskId(), spec.unit(), e);
        }
    }

    private static Integer exitCode(Pod pod) {
        List<ContainerStatus> statuses = pod.getStatus() == null ? List.of() : pod.getStatus().getContainerStatuses();
        return statuses == null ? null : statuses.stream()
                .map(s -> s.getState() == null ? null : s.getState().getTerminated()).filter(t -> t != null)
                .map(ContainerStateTerminated::getExitCode).findFirst().orElse(null);
    }

    private static UnitSpec specOf(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return new UnitSpec(annotations.get(PREFIX + "job-id"), annotations.get(PREFIX + "task-id"),
                labels.get(PREFIX + "role"), Integer.parseInt(labels.get(PREFIX + "role-index")), "", Map.of());
    }

    private Instant created(Pod pod) {
        String timestamp = pod.getMetadata().getCreationTimestamp();
        return timestamp == null ? clock.instant() : Instant.parse(timestamp);
    }

    /** The pod's name, when the handle is a pod of this launcher's namespace. */
    private String podOf(UnitHandle unit) {
        return unit instanceof UnitHandle.Pod pod && pod.namespace().equals(properties.namespace()) ? pod.name() : null;
    }

    /** ht-<task id>-<role>-<index>, lower case: a DNS-1123 name unique per party-role of a task on a node. */
    static String podName(UnitSpec spec) {
        String task = spec.taskId().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String name = "ht-" + task + "-" + dnsLabel(spec.role()) + "-" + spec.roleIndex();
        return name.length() <= 63 ? name : name.substring(0, 63).replaceAll("-+$", "");
    }

    private static String dnsLabel(String text) {
        String label = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        return label.length() <= 63 ? label : label.substring(0, 63);
    }

    @PreDestroy
    void close() {
        informer.close();
        client.close();
    }
}
