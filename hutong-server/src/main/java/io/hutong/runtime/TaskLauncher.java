package io.hutong.runtime;

/** Where tasks run: launch, stop, and recognise tasks across restarts of the node. */
public interface TaskLauncher {

    /** Starts the task; its end is published as a {@link TaskExited} event. */
    LaunchedTask launch(TaskSpec spec);

    /** Stops a task and everything it started. */
    void stop(LaunchedTask task);

    /**
     * After a restart of the node: follows a task launched before it. Its end is published as a
     * {@link TaskExited}, at once if it ended while the node was down.
     */
    void recover(TaskSpec spec, LaunchedTask task);
}
