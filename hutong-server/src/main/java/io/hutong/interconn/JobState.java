package io.hutong.interconn;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A job's state as status_all answers it: {@code job_status} and {@code status} (task_id → task
 * status) of the standard, plus Hutong's {@code result} and {@code reason}, and the task ids by
 * component name.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobState(String job_status, Map<String, String> status, String result, String reason,
        Map<String, String> task_ids) {

    public boolean ended() {
        return "FINISHED".equals(job_status) || "REJECTED".equals(job_status);
    }
}
