package io.hutong.console.internal;

import io.hutong.interconn.BfiaJobs;
import io.hutong.interconn.JobViews;
import io.hutong.interconn.JobViews.Detail;
import io.hutong.interconn.JobViews.TaskView;
import io.hutong.web.ApiException;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.HtmlUtils;

/** A task's log lines at this node, for the log page, its live tail and its download. */
@Component
public class TaskLogView {

    public static final List<String> LEVELS = List.of("info", "error", "debug");
    /** How often a tail looks for new lines: they are appended to files, which tell no one. */
    private static final Duration TAIL_REFRESH = Duration.ofSeconds(1);

    private final BfiaJobs jobs;
    private final JobViews views;
    private final JobLive live;

    TaskLogView(BfiaJobs jobs, JobViews views, JobLive live) {
        this.jobs = jobs;
        this.views = views;
        this.live = live;
    }

    /** The task of the job by name; a readable refusal for a task the job does not have or has not created yet. */
    public TaskView task(Detail job, String name) {
        TaskView task = job.tasks().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> ApiException.invalid("task", "component(no task of the job is named " + name + ")"));
        if (task.taskId() == null) {
            throw ApiException.failure("task " + name + " has not been created yet: it has no log");
        }
        return task;
    }

    public static String level(String level) {
        if (level == null || !LEVELS.contains(level)) {
            throw ApiException.invalid("level", "oneOf(info,error,debug)");
        }
        return level;
    }

    public long count(TaskView task, String level) {
        return jobs.logLineCount(task.taskId(), level);
    }

    public String lines(TaskView task, String level, long from, Long length) {
        return jobs.logLines(task.taskId(), level, from, length);
    }

    /**
     * New lines from {@code from} on, as HTML-escaped text to append to a {@code pre} (line breaks
     * as {@code &#10;}), each frame's id the count of lines sent; ends once the job has ended and
     * every line is out.
     */
    public SseEmitter tail(String jobId, TaskView task, String level, long from) {
        long[] sent = {from};
        return live.stream(jobId, TAIL_REFRESH, () -> {
            boolean ended = views.find(jobId).map(job -> job.summary().status().ended()).orElse(true);
            long count = count(task, level);
            if (count <= sent[0]) {
                return Optional.of(new JobLive.Frame("lines", Long.toString(sent[0]), "", ended));
            }
            // the lines before end without a line break: each new one starts with its own
            String text = (sent[0] > 0 ? "\n" : "") + lines(task, level, sent[0], count - sent[0]);
            sent[0] = count;
            return Optional.of(new JobLive.Frame("lines", Long.toString(count),
                    HtmlUtils.htmlEscape(text).replace("\n", "&#10;"), false));
        });
    }
}
