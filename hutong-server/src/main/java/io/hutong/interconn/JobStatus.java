package io.hutong.interconn;

/** Job states of the standard: never more than these five. */
public enum JobStatus {
    PENDING, READY, REJECTED, RUNNING, FINISHED;

    /** Whether the job will not change any more. */
    public boolean ended() {
        return this == FINISHED || this == REJECTED;
    }
}
