package io.hutong.node;

import com.fasterxml.jackson.annotation.JsonValue;
import io.hutong.web.ApiException;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a peer speaks BFIA, in both directions: Hutong's own form (signed calls, code 0), SecretFlow
 * Kuscia's or FATE-Flow 2.x's. Set per peer by an administrator; a node cannot tell them apart by
 * anything in a request.
 */
public enum PeerDialect {

    /** Signed calls, the standard's headers, code 0 (200 accepted), every call of §3 served. */
    HUTONG("hutong", 0),
    /**
     * SecretFlow Kuscia: unsigned, {@code X-Node-Id} and {@code X-Timestamp} in seconds, code 200 only;
     * serves job/create, job/start, job/stop, task/start, task/stop, task/poll and GET status_all.
     */
    KUSCIA("kuscia", 200),
    /**
     * FATE-Flow 2.x: unsigned, underscore headers with {@code x_timestamp} in milliseconds and a nonce
     * it repeats on retries, code 0 only; serves the standard's ten calls.
     */
    FATE_FLOW("fate-flow", 0);

    private static final Set<String> KUSCIA_LACKS = Set.of("job/create_all", "job/stop_all",
            "job/audit_confirm", "task/callback");
    private static final Pattern RFC_1123_LABEL = Pattern
            .compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern RFC_1123_SUBDOMAIN = Pattern
            .compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private final String wireName;
    private final int successCode;

    PeerDialect(String wireName, int successCode) {
        this.wireName = wireName;
        this.successCode = successCode;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The code of a successful answer in this dialect, both ways. */
    public int successCode() {
        return successCode;
    }

    /** Whether it signs its calls and checks ours (only Hutong's form does). */
    public boolean signs() {
        return this == HUTONG;
    }

    /**
     * Whether a peer of this dialect serves an east-west path of §3 ({@code job/create}, ...): Kuscia
     * serves no create_all, stop_all, audit_confirm or task/callback.
     */
    public boolean serves(String schedulePath) {
        return this != KUSCIA || !KUSCIA_LACKS.contains(schedulePath);
    }

    /** Whether it takes part in the standard's approval: it sends audit_confirm and waits for the parties'. */
    public boolean approves() {
        return this == HUTONG;
    }

    /** Whether, as a party, it reports its units' ends with task/callback (else its scheduler must poll it). */
    public boolean callsBack() {
        return this == HUTONG;
    }

    /** Whether, as a scheduler, it tells its parties how a job ended (Kuscia sends nothing on success, FATE-Flow no outcome). */
    public boolean announcesOutcome() {
        return this == HUTONG;
    }

    /** Why it cannot take this job id, or null: Kuscia names a Kubernetes object by it, FATE-Flow keeps 25 characters. */
    public String jobIdProblem(String jobId) {
        return switch (this) {
            case HUTONG -> null;
            case KUSCIA -> RFC_1123_SUBDOMAIN.matcher(jobId).matches() ? null
                    : "rfc1123Subdomain(lower-case letters, digits, - and ., at most 253)";
            case FATE_FLOW -> jobId.length() <= 25 ? null : "maxLength(25)";
        };
    }

    /** Why it cannot take this task id, or null: Kuscia names a Kubernetes object by it. */
    public String taskIdProblem(String taskId) {
        return this == KUSCIA && !RFC_1123_LABEL.matcher(taskId).matches()
                ? "rfc1123Label(lower-case letters, digits and -, at most 63)" : null;
    }

    /** The transport session of a task's containers when a scheduler of this dialect runs the job. */
    public String sessionId(String jobId, String taskId) {
        return switch (this) {
            case HUTONG -> taskId;
            case KUSCIA -> "session_" + taskId;
            case FATE_FLOW -> "session_" + jobId;
        };
    }

    public static PeerDialect of(String field, String wireName) {
        return Arrays.stream(values()).filter(d -> d.wireName.equals(wireName)).findFirst()
                .orElseThrow(() -> ApiException.invalid(field, "oneOf(hutong,kuscia,fate-flow)"));
    }
}
