package io.hutong.console.internal;

import io.hutong.interconn.JobStatus;
import io.hutong.interconn.JobViews.Detail;
import io.hutong.interconn.JobViews.PartyApproval;
import io.hutong.interconn.JobViews.PendingMessage;
import io.hutong.interconn.JobViews.TaskView;
import io.hutong.interconn.JobViews.UnitView;
import io.hutong.interconn.TaskStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The answer to "why is it waiting", in plain words: which party has not approved, where the
 * running tasks still run, which tasks wait for which, and which messages to peers are not
 * delivered yet with their last error. Empty for a job that waits for nothing.
 */
public final class WhyWaiting {

    private WhyWaiting() {
    }

    public static List<String> of(Detail job, String localNode, Look look) {
        List<String> lines = new ArrayList<>();
        JobStatus status = job.summary().status();
        if (status == JobStatus.PENDING || status == JobStatus.READY) {
            approvals(job, localNode, lines);
        }
        if (status == JobStatus.RUNNING) {
            tasks(job, lines);
        }
        // a message not tried yet is on its way (or delivered, with its mark still to be written): no answer to why
        for (PendingMessage message : job.outbox().stream().filter(m -> m.attempts() > 0 || m.lastError() != null)
                .toList()) {
            lines.add("The message " + message.path().replaceFirst("^/v1/interconn/schedule/", "") + " to "
                    + message.target() + " is not delivered yet (" + message.attempts() + " attempts since "
                    + look.time(message.createdAt()) + ", next " + look.time(message.nextAttemptAt()) + ")"
                    + (message.lastError() == null ? "." : "; last error: " + message.lastError()));
        }
        return lines;
    }

    private static void approvals(Detail job, String localNode, List<String> lines) {
        if ("PENDING".equals(job.approval())) {
            lines.add("This node (" + localNode + ") has not approved the job yet: an admin approves or rejects it on"
                    + " the Approvals page.");
        }
        if (!job.schedulesHere()) {
            if (!"PENDING".equals(job.approval())) {
                lines.add("This node approved it; the scheduler " + job.scheduler()
                        + " waits for the other parties to approve.");
            }
            return;
        }
        for (PartyApproval party : job.approvals()) {
            if (party.node().equals(localNode)) {
                continue;
            }
            if ("PENDING".equals(party.approval())) {
                lines.add(party.node() + " has not approved the job yet.");
            } else if ("REJECTED".equals(party.approval())) {
                lines.add(party.node() + " rejected it" + (party.reason() == null ? "." : ": " + party.reason()));
            }
        }
    }

    private static void tasks(Detail job, List<String> lines) {
        Map<String, TaskStatus> byName = new HashMap<>();
        job.tasks().forEach(task -> byName.put(task.name(), task.status()));
        for (TaskView task : job.tasks()) {
            if (task.status() == TaskStatus.RUNNING || task.status() == TaskStatus.READY) {
                String where = task.units().stream().filter(u -> u.known() && (u.status() == null || !u.status().terminal()))
                        .map(WhyWaiting::unit).collect(Collectors.joining(", "));
                lines.add(task.name() + " is running" + (where.isEmpty() ? "." : ": still at " + where + "."));
            } else if (task.status() == null || task.status() == TaskStatus.PENDING) {
                List<String> waitingFor = task.upstream().stream().filter(up -> byName.get(up) != TaskStatus.SUCCESS)
                        .toList();
                if (!waitingFor.isEmpty()) {
                    lines.add(task.name() + " waits for " + String.join(", ", waitingFor) + " to succeed at every party.");
                }
            }
        }
    }

    private static String unit(UnitView unit) {
        return unit.node() + " (" + unit.role() + ", " + (unit.status() == null ? "not started" : unit.status()) + ")";
    }
}
