package io.hutong.console.api;

import io.hutong.console.internal.JobLive;
import io.hutong.console.internal.JobPages;
import io.hutong.console.internal.TaskLogView;
import io.hutong.console.internal.Viewer;
import io.hutong.interconn.BfiaJobs;
import io.hutong.interconn.JobViews.Detail;
import io.hutong.interconn.JobViews.TaskView;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** One job: its DAG live, why it waits, its parameters and parties, its tasks' logs, and stopping it. */
@Controller
class JobController {

    private final JobPages pages;
    private final JobLive live;
    private final TaskLogView logs;
    private final BfiaJobs jobs;

    JobController(JobPages pages, JobLive live, TaskLogView logs, BfiaJobs jobs) {
        this.pages = pages;
        this.live = live;
        this.logs = logs;
        this.jobs = jobs;
    }

    @GetMapping("/console/jobs/{jobId}")
    String job(Viewer viewer, @PathVariable String jobId, @RequestParam(required = false) String done, Model model) {
        model.addAllAttributes(pages.page(pages.open(jobId, viewer)));
        model.addAttribute("done", done);
        return "console/job";
    }

    @GetMapping(path = "/console/jobs/{jobId}/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter liveJob(Viewer viewer, @PathVariable String jobId) {
        pages.open(jobId, viewer);
        return live.job(jobId);
    }

    /** The confirmation step before a stop: what it stops, and the button that does it. */
    @GetMapping("/console/jobs/{jobId}/stop")
    String confirmStop(Viewer viewer, @PathVariable String jobId, @RequestParam(required = false) String task,
            Model model) {
        Detail job = pages.open(jobId, viewer);
        if (task != null) {
            logs.task(job, task);
        }
        model.addAttribute("job", job);
        model.addAttribute("task", task);
        return "console/stop";
    }

    @PostMapping("/console/jobs/{jobId}/stop")
    String stop(Viewer viewer, @PathVariable String jobId, @RequestParam(required = false) String task) {
        pages.open(jobId, viewer);
        jobs.stop(jobId, task);
        return "redirect:/console/jobs/" + jobId + "?done=" + (task == null ? "stop" : "stop-task");
    }

    @GetMapping("/console/jobs/{jobId}/logs")
    String log(Viewer viewer, @PathVariable String jobId, @RequestParam String task,
            @RequestParam(defaultValue = "info") String level, Model model) {
        Detail job = pages.open(jobId, viewer);
        TaskView view = logs.task(job, task);
        TaskLogView.level(level);
        long count = logs.count(view, level);
        model.addAttribute("job", job);
        model.addAttribute("task", view);
        model.addAttribute("level", level);
        model.addAttribute("levels", TaskLogView.LEVELS);
        model.addAttribute("count", count);
        model.addAttribute("text", logs.lines(view, level, 0, count));
        return "console/log";
    }

    /** New lines from {@code from}, or after the last line a browser that reconnects saw. */
    @GetMapping(path = "/console/jobs/{jobId}/logs/tail", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter tail(Viewer viewer, @PathVariable String jobId, @RequestParam String task,
            @RequestParam(defaultValue = "info") String level, @RequestParam(defaultValue = "0") long from,
            @RequestHeader(name = "Last-Event-ID", required = false) Long lastSeen) {
        TaskView view = logs.task(pages.open(jobId, viewer), task);
        return logs.tail(jobId, view, TaskLogView.level(level), lastSeen != null ? lastSeen : from);
    }

    @GetMapping("/console/jobs/{jobId}/logs/download")
    ResponseEntity<String> download(Viewer viewer, @PathVariable String jobId, @RequestParam String task,
            @RequestParam(defaultValue = "info") String level) {
        TaskView view = logs.task(pages.open(jobId, viewer), task);
        String text = logs.lines(view, TaskLogView.level(level), 0, null);
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(jobId + "-" + task + "-" + level + ".log").build().toString())
                .body(text.isEmpty() ? text : text + "\n");
    }
}
