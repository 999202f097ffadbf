package io.hutong.console.api;

import io.hutong.console.internal.ConsoleProperties;
import io.hutong.console.internal.ListPage;
import io.hutong.console.internal.Viewer;
import io.hutong.interconn.BfiaJobs;
import io.hutong.interconn.BfiaJobs.Page;
import io.hutong.interconn.JobViews;
import io.hutong.interconn.PendingApproval;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/** The jobs waiting for this node's decision, for its admins: approve or reject, with a reason. */
@Controller
class ApprovalsController {

    private final BfiaJobs jobs;
    private final JobViews views;
    private final ConsoleProperties properties;

    ApprovalsController(BfiaJobs jobs, JobViews views, ConsoleProperties properties) {
        this.jobs = jobs;
        this.views = views;
        this.properties = properties;
    }

    /**
     * A waiting job with the datasets it uses, each as {@code node: role component dataset}, and the
     * resource tokens its creation carried (null: none).
     */
    record Waiting(PendingApproval job, List<String> datasets, String resourceTokens) {
    }

    @GetMapping("/console/approvals")
    String list(Viewer viewer, @RequestParam(defaultValue = "1") int page, @RequestParam(required = false) String done,
            @RequestParam(required = false) String job, Model model) {
        viewer.requireAdmin();
        ListPage wantedPage = ListPage.of(page, properties.pageSize());
        Page<PendingApproval> found = jobs.awaitingApproval(wantedPage.offset(), wantedPage.size());
        Map<String, Waiting> waiting = new LinkedHashMap<>();
        found.items().forEach(pending -> waiting.put(pending.job_id(), new Waiting(pending,
                jobs.datasets(pending.job_id()).stream().map(d -> d.nodeId() + ": " + d.role() + "." + d.roleIndex()
                        + " " + d.component() + " reads " + d.datasetId()).toList(),
                views.resourceTokens(pending.job_id()).orElse(null))));
        model.addAttribute("waiting", waiting.values());
        wantedPage.describe(found.total(), UriComponentsBuilder.fromPath("/console/approvals"), model);
        model.addAttribute("done", done);
        model.addAttribute("decided", job);
        return "console/approvals";
    }

    @PostMapping("/console/approvals/{jobId}")
    String decide(Viewer viewer, @PathVariable String jobId, @RequestParam String decision,
            @RequestParam(defaultValue = "") String reason) {
        viewer.requireAdmin();
        jobs.decide(jobId, decision, reason.isBlank() ? null : reason.strip());
        return "redirect:/console/approvals?done=" + ("READY".equals(decision) ? "approved" : "rejected") + "&job="
                + jobId;
    }
}
