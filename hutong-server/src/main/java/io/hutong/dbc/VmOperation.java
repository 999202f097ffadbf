package io.hutong.dbc;

import java.util.Locale;

/** Lifecycle operations on a VM, the dbc_client path of each, and the status it ends in. */
public enum VmOperation {
    START("start", "running"),
    SHUTDOWN("shutdown", "closed"),
    POWEROFF("poweroff", "closed"),
    RESTART("restart", "running"),
    RESET("reset", "running"),
    DELETE("delete", "deleted");

    private final String path;
    private final String target;

    VmOperation(String path, String target) {
        this.path = path;
        this.target = target;
    }

    public String path() {
        return path;
    }

    public String target() {
        return target;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
