package io.hutong.console.api;

import io.hutong.console.internal.ConsoleProperties;
import io.hutong.console.internal.ListPage;
import io.hutong.console.internal.Look;
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
import org.springframework.web.util.UriComponentsBuilder;

/** The jobs list: an admin sees every job of the node, a user the jobs they created here. */
@Controller
class JobsController {

    private final JobViews jobs;
    private final ConsoleProperties properties;
    private final Look look;

    JobsController(JobViews jobs, ConsoleProperties properties, Look look) {
        this.jobs = jobs;
        this.properties = properties;
        this.look = look;
    }

    @GetMapping("/console/jobs")
    String list(Viewer viewer, @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "1") int page, Model model) {
        ListPage wantedPage = ListPage.of(page, properties.pageSize());
        JobStatus wanted = status(status);
        Page<Summary> found = jobs.list(new JobViews.Filter(wanted, viewer.admin() ? null : viewer.user().id()),
                wantedPage.offset(), wantedPage.size());
        UriComponentsBuilder link = UriComponentsBuilder.fromPath("/console/jobs");
        if (wanted != null) {
            link.queryParam("status", wanted.name());
        }
        wantedPage.describe(found.total(), link, model);
        model.addAttribute("jobs", found.items().stream().map(this::row).toList());
        model.addAttribute("status", wanted == null ? "" : wanted.name());
        model.addAttribute("statuses", JobStatus.values());
        return "console/jobs";
    }

    /**
     * A job as its row shows it, every text made here: a page renders 50 of them, and each
     * expression a template evaluates costs more than the Java that makes its value.
     */
    record Row(String jobId, String href, Look.State status, Look.State result, String flow, String parties, String created,
            String ended) {
    }

    private Row row(Summary job) {
        // job ids are letters, digits and a dash: nothing to encode
        return new Row(job.jobId(), "/console/jobs/" + job.jobId(), look.state(job.status()), job.result() == null ? null : look.state(job.result()),
                job.flowId() == null ? "—" : job.flowId(), String.join(", ", job.parties()), look.time(job.createdAt()),
                look.time(job.endedAt()));
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
