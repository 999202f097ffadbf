package io.hutong.runtime.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kubernetes launcher ({@code hutong.runtime.launcher=kubernetes}): one pod per party-role of a task.
 *
 * @param masterUrl the API server; unset: the kubeconfig, or the service account inside a cluster
 * @param namespace where task pods are created
 * @param callbackUrl the base URL pods reach this node at (their {@code system.callback} and
 *     {@code system.transport}); unset: {@code hutong.node.base-url}
 * @param serviceAccount the service account of task pods; unset: the namespace's default
 * @param cpu CPU request and limit of a task container
 * @param memory memory request and limit of a task container
 * @param keepFinishedPods leave ended pods for inspection instead of deleting them once their log is kept
 */
@ConfigurationProperties("hutong.runtime.kubernetes")
record KubernetesProperties(String masterUrl, @DefaultValue("default") String namespace, String callbackUrl,
        String serviceAccount, @DefaultValue("1") String cpu, @DefaultValue("1Gi") String memory,
        @DefaultValue("IfNotPresent") String imagePullPolicy, @DefaultValue("false") boolean keepFinishedPods) {
}
