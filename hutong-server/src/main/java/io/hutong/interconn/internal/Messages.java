package io.hutong.interconn.internal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The east-west messages of §3, with the standard's field names. Fields the standard lacks
 * (marked "extension") are Hutong's; other implementations ignore them.
 */
public final class Messages {

    public static final String PREFIX = "/v1/interconn/schedule/";

    private Messages() {
    }

    public sealed interface Message permits CreateAll, Create, Start, TaskStart, StopAll, Stop, TaskStop, AuditConfirm,
            TaskCallback {

        String job_id();

        @JsonIgnore
        String path();
    }

    /** §3.1 initiator → scheduler. */
    public record CreateAll(String job_id, String flow_id, JsonNode dag, JsonNode config) implements Message {
        public String path() {
            return PREFIX + "job/create_all";
        }
    }

    /**
     * §3.2 scheduler → every party.
     *
     * @param task_ids extension: the task id of each component, by name, so a party knows its tasks from the start
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Create(String job_id, String flow_id, JsonNode dag, JsonNode config, Map<String, String> task_ids)
            implements Message {
        public String path() {
            return PREFIX + "job/create";
        }
    }

    /** §3.3 scheduler → every party, once. */
    public record Start(String job_id) implements Message {
        public String path() {
            return PREFIX + "job/start";
        }
    }

    /**
     * §3.4 scheduler → each party of the task.
     *
     * @param roles extension: the party's role.index units in the task, as the scheduler planned them
     * @param upstream_tasks extension: task ids of the task's upstream components, by name
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TaskStart(String task_id, String job_id, String task_name, List<String> roles,
            Map<String, String> upstream_tasks) implements Message {
        public String path() {
            return PREFIX + "task/start";
        }
    }

    /** §3.5 any party → scheduler; {@code reason} is an extension. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StopAll(String job_id, String task_name, String reason) implements Message {
        static final String PATH = PREFIX + "job/stop_all";

        public String path() {
            return PATH;
        }
    }

    /**
     * §3.6 scheduler → every party.
     *
     * @param job_status extension: REJECTED or FINISHED, so a party's own view of the job ends like the scheduler's
     * @param result extension: SUCCESS, FAILED, STOPPED or REJECTED
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Stop(String job_id, String task_name, String job_status, String result, String reason)
            implements Message {
        public String path() {
            return PREFIX + "job/stop";
        }
    }

    /** Kuscia's addition, scheduler → party: that task, and nothing downstream, becomes FAILED unless it ended. */
    public record TaskStop(String task_id, String job_id) implements Message {
        public String path() {
            return PREFIX + "task/stop";
        }
    }

    /** §3.10 party → scheduler; {@code reason} is an extension. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AuditConfirm(String job_id, String status, String reason) implements Message {
        public String path() {
            return PREFIX + "job/audit_confirm";
        }
    }

    /** §3.9 party → scheduler; {@code role_index} is an extension for parties with several indexes of a role. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TaskCallback(String task_id, String status, String role, Integer role_index, String job_id)
            implements Message {
        public String path() {
            return PREFIX + "task/callback";
        }
    }

    /** Reads a role like {@code guest} or {@code guest.0}. */
    public record RoleRef(String role, Integer index) {

        static RoleRef parse(String text, Integer index) {
            if (text == null) {
                return new RoleRef(null, index);
            }
            int dot = text.indexOf('.');
            if (dot > 0 && text.substring(dot + 1).matches("\\d{1,6}")) {
                return new RoleRef(text.substring(0, dot), Integer.parseInt(text.substring(dot + 1)));
            }
            return new RoleRef(text, index);
        }
    }
}
