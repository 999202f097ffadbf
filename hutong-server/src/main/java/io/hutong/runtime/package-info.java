/**
 * Running units (a party-role's share of a task): the {@link io.hutong.runtime.UnitLauncher} seam, the
 * process launcher that maps a component image to a local command, per-task log files, and
 * {@link io.hutong.runtime.UnitExited} events as the fallback status of components that never call back.
 */
package io.hutong.runtime;
