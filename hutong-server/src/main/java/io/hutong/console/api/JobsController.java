package io.hutong.console.api;

import io.hutong.console.internal.ConsoleProperties;
import io.hutong.console.internal.Viewer;
import io.hutong.interconn.BfiaJobs.Page;
import io.hutong.interconn.JobStatus;
import io.hutong.interconn.JobViews;
import io.hutong.interconn.JobViews.Summary;
import io.hutong.web.ApiException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The jobs list: an admin sees every job of the node, a user the jobs they created here. */
@Controller
class JobsController {

    private final JobViews jobs;
    private final ConsoleProperties properties;

    JobsController(JobViews jobs, ConsoleProperties properties) {
        this.jobs = jobs;
        this.properties = properties;
    }

    @GetMapping("/console/jobs")
    String list(Viewer viewer, @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "1") int page, Model model) {
        if (page < 1) {
            throw ApiException.invalid("page", "min(1)");
        }
        JobStatus wanted = status(status);
        int size = properties.pageSize();
        Page<Summary> found = jobs.list(new JobViews.Filter(wanted, viewer.admin() ? null : viewer.user().id()),
                (page - 1) * size, size);
        model.addAttribute("jobs", found.items());
        model.addAttribute("total", found.total());
        model.addAttribute("page", page);
        model.addAttribute("pages", Math.max(1, (found.total() + size - 1) / size));
        model.addAttribute("status", wanted == null ? "" : wanted.name());
        model.addAttribute("statuses", JobStatus.values());
        return "console/jobs";
    }

    private static JobStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return JobStatus.valueOf(status.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("status", "oneOf(PENDING,READY,REJECTED,RUNNING,FINISHED)");
        }
    }
}
