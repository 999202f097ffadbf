package io.hutong.interconn;

/** Task states of the standard, for a task and for each party-role's share of it. */
public enum TaskStatus {
    PENDING, READY, RUNNING, SUCCESS, FAILED;

    public boolean terminal() {
        return this == SUCCESS || this == FAILED;
    }
}
