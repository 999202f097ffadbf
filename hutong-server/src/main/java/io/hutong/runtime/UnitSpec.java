package io.hutong.runtime;

import java.util.Map;

/**
 * A unit, one party-role's share of a task: what to run and the environment contract it gets.
 *
 * @param image the registered component's imageUrl
 * @param env the container contract (system.*, config.*, runtime.component.*)
 */
public record UnitSpec(String jobId, String taskId, String role, int roleIndex, String image, Map<String, String> env) {

    public String unit() {
        return role + "." + roleIndex;
    }
}
