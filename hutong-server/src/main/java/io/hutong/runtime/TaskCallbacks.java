package io.hutong.runtime;

/**
 * Takes a component's report of its end (§4.1) inside the node: a component that runs as code in
 * the node hands it over here instead of POSTing it to {@code system.callback}, with the same checks.
 */
public interface TaskCallbacks {

    /** @throws RuntimeException when the report is refused (an unknown task, a wrong token) */
    void report(String taskId, String status, String role, String token);
}
