package io.hutong.cli;

/** The exit codes of every command. */
public final class Exit {

    /** The command did what was asked; a job or task it reports ended in success (or has not ended). */
    public static final int OK = 0;
    /** A job or task ended FAILED, STOPPED or REJECTED, a diagnosis found a failure, or the node failed. */
    public static final int FAILED = 1;
    /** Bad usage: wrong arguments or files, or a request the node refused (the field and the rule are named). */
    public static final int USAGE = 2;
    /** The node could not be reached. */
    public static final int UNREACHABLE = 3;

    private Exit() {
    }
}
