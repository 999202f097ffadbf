package io.hutong.runtime;

/** Where tasks run: launch, stop, and recognise tasks across restarts of the node. */
public interface TaskLauncher {

    /** Starts the task; its end is published as a {@link TaskExited} event. */
    LaunchedTask launch(TaskSpec spec);

    /** Stops a task and everything it started. */
    void stop(LaunchedTask task);

    /**
     * After a restart: whether the task still runs; if it does, its end will be published as a
     * {@link TaskExited} with an unknown exit code.
     */
    boolean adopt(TaskSpec spec, LaunchedTask task);
}
