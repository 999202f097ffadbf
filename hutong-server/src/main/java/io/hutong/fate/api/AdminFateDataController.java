package io.hutong.fate.api;

import io.hutong.account.AdminApi;
import io.hutong.fate.internal.Datasets;
import io.hutong.fate.internal.Datasets.DatasetVersion;
import io.hutong.fate.internal.FeatureJobs;
import io.hutong.fate.internal.FeatureJobs.Job;
import io.hutong.web.ApiDates;
import io.hutong.web.InfiniteResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin API: the feature datasets FATE's ApiReader reads, and the jobs it ran. */
@RestController
@AdminApi
@RequestMapping("/admin/fate")
@Tag(name = "FATE Flow feature datasets (admin)", description = "Load dataset versions from CSV; list ApiReader jobs")
class AdminFateDataController {

    private final Datasets datasets;
    private final FeatureJobs jobs;
    private final ApiDates dates;

    AdminFateDataController(Datasets datasets, FeatureJobs jobs, ApiDates dates) {
        this.datasets = datasets;
        this.jobs = jobs;
        this.dates = dates;
    }

    record VersionView(String id, String dataset, String version, String idColumn, List<String> columns, long rowCount,
            String createdAt) {
    }

    record JobView(String jobId, String fateJobId, String status, String parameters, long idCount, Long rowCount,
            String message, String createdAt, String finishedAt) {
    }

    @GetMapping("/datasets")
    @Operation(summary = "Every dataset version")
    InfiniteResponse<List<VersionView>> datasets() {
        return InfiniteResponse.ok(datasets.list().stream().map(this::view).toList());
    }

    @PostMapping(path = "/datasets/{dataset}/versions/{version}",
            consumes = {"text/csv", "text/plain", "application/octet-stream"})
    @Operation(summary = "Load a dataset version from CSV", description = """
            The body is CSV with a header line (streamed: any size). The id column is idColumn, or the first \
            column; ids must be unique; values must not contain ',' or line breaks (FATE splits on ','). The \
            version exists completely or, after any error, not at all.""")
    InfiniteResponse<VersionView> load(@PathVariable String dataset, @PathVariable String version,
            @RequestParam(required = false) String idColumn, HttpServletRequest request) throws IOException {
        try (InputStream csv = request.getInputStream()) {
            return InfiniteResponse.ok(view(datasets.load(dataset, version, idColumn, csv)));
        }
    }

    @DeleteMapping("/datasets/{dataset}/versions/{version}")
    @Operation(summary = "Delete a dataset version and its rows")
    InfiniteResponse<Map<String, Object>> delete(@PathVariable String dataset, @PathVariable String version) {
        datasets.delete(dataset, version);
        return InfiniteResponse.ok();
    }

    @GetMapping("/jobs")
    @Operation(summary = "Recent ApiReader jobs, newest first")
    InfiniteResponse<List<JobView>> jobs(@RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
        return InfiniteResponse.ok(jobs.recent(limit).stream().map(this::view).toList());
    }

    private VersionView view(DatasetVersion version) {
        return new VersionView(Long.toString(version.id()), version.dataset(), version.version(), version.idColumn(),
                version.columns(), version.rowCount(), dates.format(version.createdAt()));
    }

    private JobView view(Job job) {
        return new JobView(job.id(), job.fateJobId(), job.status().wire(), job.parameters(), job.idCount(),
                job.rowCount(), job.message(), dates.format(job.createdAt()), dates.format(job.finishedAt()));
    }
}
