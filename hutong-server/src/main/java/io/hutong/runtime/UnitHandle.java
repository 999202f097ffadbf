package io.hutong.runtime;

import java.time.Instant;

/**
 * A launched unit: enough to stop it, or to follow it again after a restart of the node. Each
 * launcher makes its own kind, and {@link #text()} is how the node keeps it.
 */
public sealed interface UnitHandle permits UnitHandle.LocalProcess, UnitHandle.InProcessRun, UnitHandle.Pod {

    /** When the unit started, as the launcher saw it. */
    Instant startedAt();

    /** How the handle is stored: {@code process:<pid>@<host>}, {@code in-process:<run>@<host>} or {@code pod:<namespace>/<name>}. */
    String text();

    /** A handle as {@link #text()} wrote it. */
    static UnitHandle parse(String text, Instant startedAt) {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? "" : text.substring(0, colon);
        String rest = text.substring(colon + 1);
        int at = rest.lastIndexOf('@');
        switch (kind) {
            case "process" -> {
                return new LocalProcess(Long.parseLong(rest.substring(0, at)), startedAt, rest.substring(at + 1));
            }
            case "in-process" -> {
                return new InProcessRun(Long.parseLong(rest.substring(0, at)), startedAt, rest.substring(at + 1));
            }
            case "pod" -> {
                int slash = rest.indexOf('/');
                return new Pod(rest.substring(0, slash), rest.substring(slash + 1), startedAt);
            }
            default -> throw new IllegalArgumentException("not a unit handle: " + text);
        }
    }

    /** A process of this machine; the host and start time tell it from a later process with the same pid. */
    record LocalProcess(long pid, Instant startedAt, String host) implements UnitHandle {
        @Override
        public String text() {
            return "process:" + pid + "@" + host;
        }
    }

    /** A built-in component run as code on a thread of the node; it ends with the node. */
    record InProcessRun(long runId, Instant startedAt, String host) implements UnitHandle {
        @Override
        public String text() {
            return "in-process:" + runId + "@" + host;
        }
    }

    /** A Kubernetes pod. */
    record Pod(String namespace, String name, Instant startedAt) implements UnitHandle {
        @Override
        public String text() {
            return "pod:" + namespace + "/" + name;
        }
    }
}
