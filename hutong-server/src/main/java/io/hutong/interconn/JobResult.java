package io.hutong.interconn;

/**
 * How a job ended, next to its standard status (a failed job is FINISHED too): Hutong's extra
 * {@code result} field.
 */
public enum JobResult {
    SUCCESS, FAILED, STOPPED, REJECTED
}
