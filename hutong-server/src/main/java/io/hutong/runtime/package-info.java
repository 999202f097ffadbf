/**
 * Running tasks: the {@link io.hutong.runtime.TaskLauncher} seam, the process launcher that maps a
 * component image to a local command, per-task log files, and {@link io.hutong.runtime.TaskExited}
 * events as the fallback status of components that never call back.
 */
package io.hutong.runtime;
