package io.hutong.support.standin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A job for a stand-in to schedule, in neither peer's shape: each stand-in writes it the way its
 * peer does (Kuscia: {@code code}/{@code module_name} components and {@code job_params} without
 * {@code common}; FATE-Flow: {@code componentName}/{@code provider} and {@code job_params.common}).
 *
 * <p>Every party (role, index) has an entry in {@code task_params.<role>.<index>} for every
 * component unless {@link Builder#noShare} says otherwise; Kuscia takes part in a component only
 * where such an entry exists.
 */
public final class StandInJob {

    public record Io(String key, String type) {
    }

    /**
     * @param componentName FATE's {@code componentName}, Kuscia's {@code module_name}
     * @param code Kuscia's {@code code}: the app image
     */
    public record Component(String name, String componentName, String provider, String version, String code,
            List<Io> input, List<Io> output) {

        /**
         * A Hutong demo component (Noop, Fail, Sleep, ...) of provider {@code hutong}, image
         * {@code hutong/<lower-case name>:1.0.0}, output {@code data}, fed by {@code <upstream>.data}.
         */
        public static Component demo(String name, String componentName, String... upstream) {
            List<Io> input = new ArrayList<>();
            for (String up : upstream) {
                input.add(new Io(up + ".data", "dataset"));
            }
            return new Component(name, componentName, "hutong", "1.0.0",
                    "hutong/" + componentName.toLowerCase(Locale.ROOT) + ":1.0.0", input,
                    List.of(new Io("data", "dataset")));
        }

        /** The names of the components whose outputs this one reads. */
        public Set<String> upstream() {
            Set<String> names = new HashSet<>();
            input.forEach(io -> names.add(io.key().substring(0, Math.max(0, io.key().lastIndexOf('.')))));
            return names;
        }
    }

    private final String jobId;
    private final String flowId;
    private final Map<String, List<String>> roles;
    private final String initiatorRole;
    private final List<Component> components;
    private final String syncType;
    private final Map<String, Map<String, Object>> commonParams;
    private final Map<String, Map<String, Object>> partyParams;
    private final Set<String> noShare;

    private StandInJob(Builder builder) {
        jobId = builder.jobId;
        flowId = builder.flowId;
        roles = copy(builder.roles);
        initiatorRole = builder.initiatorRole;
        components = List.copyOf(builder.components);
        syncType = builder.syncType;
        commonParams = copy(builder.commonParams);
        partyParams = copy(builder.partyParams);
        noShare = Set.copyOf(builder.noShare);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Kuscia's job id (the KusciaJob's name); FATE-Flow makes its own from the clock. */
    public String jobId() {
        return jobId;
    }

    /** {@code null} when none */
    public String flowId() {
        return flowId;
    }

    /** role → node ids, in the order given */
    public Map<String, List<String>> roles() {
        return roles;
    }

    public List<Component> components() {
        return components;
    }

    /** {@code null}: FATE-Flow writes {@code job_params.common: {}}, meaning poll */
    public String syncType() {
        return syncType;
    }

    /** The initiator's role: as given, else the first role {@code nodeId} holds. */
    public String initiatorRole(String nodeId) {
        if (initiatorRole != null) {
            return initiatorRole;
        }
        return roles.entrySet().stream().filter(e -> e.getValue().contains(nodeId)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(nodeId + " has no role in the job"));
    }

    /** The distinct nodes of the job, in role order. */
    public List<String> nodes() {
        return roles.values().stream().flatMap(List::stream).distinct().toList();
    }

    /** {@code task_params.common.<component>}, {@code null} when none */
    public Map<String, Object> commonParams(String component) {
        return commonParams.get(component);
    }

    /** {@code task_params.<role>.<index>.<component>}; {@code null} when that party has no share in it */
    public Map<String, Object> partyParams(String role, int index, String component) {
        String key = role + "." + index + "." + component;
        return noShare.contains(key) ? null : partyParams.getOrDefault(key, Map.of());
    }

    public Component component(String name) {
        return components.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static <V> Map<String, V> copy(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    public static final class Builder {

        private String jobId;
        private String flowId;
        private final Map<String, List<String>> roles = new LinkedHashMap<>();
        private String initiatorRole;
        private final List<Component> components = new ArrayList<>();
        private String syncType;
        private final Map<String, Map<String, Object>> commonParams = new LinkedHashMap<>();
        private final Map<String, Map<String, Object>> partyParams = new LinkedHashMap<>();
        private final Set<String> noShare = new HashSet<>();

        public Builder jobId(String jobId) {
            this.jobId = jobId;
            return this;
        }

        public Builder flowId(String flowId) {
            this.flowId = flowId;
            return this;
        }

        /** The nodes of a role ({@code guest}, {@code host}, {@code arbiter}), index 0 first. */
        public Builder role(String role, String... nodeIds) {
            roles.put(role, List.of(nodeIds));
            return this;
        }

        /** The initiator's role; default the first role of the scheduling node. */
        public Builder initiator(String role) {
            this.initiatorRole = role;
            return this;
        }

        public Builder component(Component component) {
            components.add(component);
            return this;
        }

        /** {@code job_params.common.sync_type} (FATE-Flow reads it; Kuscia never writes it) */
        public Builder syncType(String syncType) {
            this.syncType = syncType;
            return this;
        }

        public Builder commonParams(String component, Map<String, Object> params) {
            commonParams.put(component, params);
            return this;
        }

        public Builder partyParams(String role, int index, String component, Map<String, Object> params) {
            partyParams.put(role + "." + index + "." + component, params);
            return this;
        }

        /** The party has no entry for the component in task_params (so no share in it at Kuscia). */
        public Builder noShare(String role, int index, String component) {
            noShare.add(role + "." + index + "." + component);
            return this;
        }

        public StandInJob build() {
            if (roles.isEmpty() || components.isEmpty()) {
                throw new IllegalStateException("a job needs roles and components");
            }
            return new StandInJob(this);
        }
    }
}
