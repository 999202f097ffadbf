package io.hutong.runtime;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hutong.runtime.*}: where and how this node runs its units.
 *
 * @param launcher {@code process} (local processes) or {@code kubernetes} (a pod per unit)
 * @param callbackAddresses addresses a component's callback is accepted from without its task token
 *     (the machine units are launched on)
 * @param process the process launcher
 * @param kubernetes the Kubernetes launcher
 */
@ConfigurationProperties("hutong.runtime")
public record RuntimeProperties(@DefaultValue("process") String launcher,
        @DefaultValue({"127.0.0.1", "0:0:0:0:0:0:0:1", "::1"}) List<String> callbackAddresses,
        @DefaultValue Process process, @DefaultValue Kubernetes kubernetes) {

    /** Whether a callback from this address needs no task token. */
    public boolean isCallbackAddress(String address) {
        return address != null && callbackAddresses.contains(address);
    }

    /**
     * @param images image URL → command line (split on spaces), e.g.
     *     {@code hutong.runtime.process.images[registry/psi:2.0]=/opt/psi/run.sh}; the demo images
     *     {@code hutong/noop:1.0.0}, {@code hutong/fail:1.0.0}, {@code hutong/sleep:1.0.0} are built in
     * @param builtins how the demo images run: {@code process} (bash scripts) or {@code in-process}
     *     (the same components as code on a thread of the node, without a spawn)
     * @param inheritEnv variables of the node's own environment a unit's process also gets (the node's
     *     other variables, which may hold secrets, are not passed on)
     */
    public record Process(Map<String, String> images, @DefaultValue("process") Builtins builtins,
            @DefaultValue({"PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "JAVA_HOME"}) List<String> inheritEnv) {

        public enum Builtins { PROCESS, IN_PROCESS }

        public Process {
            images = images == null ? Map.of() : Map.copyOf(images);
        }
    }

    /**
     * The Kubernetes launcher: one pod per unit.
     *
     * @param masterUrl the API server; unset: the kubeconfig, or the service account inside a cluster
     * @param namespace where unit pods are created
     * @param callbackUrl the base URL pods reach this node at (their {@code system.callback} and
     *     {@code system.transport}); unset: {@code hutong.node.base-url}
     * @param serviceAccount the service account of unit pods; unset: the namespace's default
     * @param cpu CPU request and limit of a unit's container
     * @param memory memory request and limit of a unit's container
     * @param keepFinishedPods leave ended pods for inspection instead of deleting them once their log is kept
     */
    public record Kubernetes(String masterUrl, @DefaultValue("default") String namespace, String callbackUrl,
            String serviceAccount, @DefaultValue("1") String cpu, @DefaultValue("1Gi") String memory,
            @DefaultValue("IfNotPresent") String imagePullPolicy, @DefaultValue("false") boolean keepFinishedPods) {
    }
}
