package io.hutong.data;

import java.util.Objects;

/** Which output of which job a dataset is: a task's output key, written by one party (role and index). */
public record JobOutput(String jobId, String taskName, String role, int roleIndex, String outputKey) {

    public JobOutput {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(taskName, "taskName");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(outputKey, "outputKey");
        if (roleIndex < 0) {
            throw new IllegalArgumentException("roleIndex must not be negative: " + roleIndex);
        }
    }
}
