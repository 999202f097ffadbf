package io.hutong.fate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hutong.fate.internal.FeatureJobs;
import io.hutong.fate.internal.FeatureJobs.Job;
import io.hutong.fate.internal.FeatureJobs.Status;
import io.hutong.fate.internal.IdFile;
import io.hutong.web.ApiException;
import io.hutong.web.Echo;
import io.hutong.web.EnvelopeFamily;
import io.hutong.web.ErrorKind;
import io.hutong.web.FateApi;
import io.hutong.web.FateResponse;
import io.hutong.web.TextLimit;
import io.hutong.web.TraceIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/** The ApiReader feature service: FATE uploads ids, asks for the job's status, downloads the features. */
@RestController
@FateApi
@RequestMapping("${hutong.fate.path-prefix:/api/fate}")
@Tag(name = "FATE Flow ApiReader feature service")
class FateDataController {

    private final FeatureJobs jobs;
    private final JsonMapper json;

    FateDataController(FeatureJobs jobs, JsonMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    record JobId(String jobId) {
    }

    /** FATE reads {@code data.status}; the document reads the top-level {@code status}: both are given. */
    @JsonPropertyOrder({"code", "msg", "status", "data"})
    record QueryAnswer(int code, String msg, String status, QueryData data) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record QueryData(String status, String jobId, Long idCount, Long rowCount, String message) {
    }

    @PostMapping("/upload")
    @Operation(summary = "Upload ids and start a join", description = """
            multipart/form-data with a part "file" (filename "id" and a header line from FATE 1.11.2, a full \
            path and ids only before), one id per line; query parameter requestBody = JSON of the user parameters \
            (dataset, version, optional head) plus job_id and sign = md5 hex of job_id. Answers {"code": 0, \
            "data": {"jobId": …}}.""")
    FateResponse<JobId> upload(
            @RequestParam(name = "requestBody", required = false) @TextLimit(8192) String requestBody,
            @RequestPart(name = "file", required = false) MultipartFile file, HttpServletRequest request)
            throws IOException {
        if (file != null) {
            try (InputStream content = file.getInputStream()) {
                return FateResponse.ok(new JobId(jobs.upload(requestBody, IdFile.part(file.getOriginalFilename(), content))));
            }
        }
        if (request.getContentType() != null && request.getContentType().startsWith("multipart/")) {
            throw ApiException.invalid("file", "notNull (a multipart part named file)");
        }
        try (InputStream body = request.getInputStream()) {
            return FateResponse.ok(new JobId(jobs.upload(requestBody, IdFile.body(body))));
        }
    }

    @RequestMapping(path = "/query", method = {RequestMethod.GET, RequestMethod.POST})
    @Operation(summary = "Status of an upload's job", description = """
            Request {"jobId": …}. data.status (and status) is running, success or failed; an unknown job answers \
            a non-zero code with status failed, so FATE ends the task instead of waiting.""")
    QueryAnswer query(@RequestBody JobId request) {
        if (request.jobId() == null || request.jobId().isBlank()) {
            throw ApiException.invalid("jobId", "notBlank");
        }
        return jobs.job(request.jobId().strip())
                .map(job -> new QueryAnswer(0, "success", job.status().wire(), new QueryData(job.status().wire(),
                        job.id(), job.idCount(), job.rowCount(), job.message())))
                .orElseGet(() -> new QueryAnswer(ErrorKind.NOT_FOUND.status().value(),
                        Echo.cut("no job " + request.jobId()), Status.FAILED.wire(),
                        new QueryData(Status.FAILED.wire(), Echo.cut(request.jobId()), null, null, null)));
    }

    @RequestMapping(path = "/download", method = {RequestMethod.GET, RequestMethod.POST})
    @Operation(summary = "The job's features as CSV", description = """
            Query parameter requestBody = {"jobId": …, "sign": md5 hex of jobId}. Streams a header line, then \
            id,feature… per matched id in upload order. Failures answer a non-200 status (FATE would otherwise \
            store the error as features).""")
    void download(@RequestParam(name = "requestBody", required = false) @TextLimit(8192) String requestBody,
            HttpServletResponse response) throws IOException {
        Job job;
        try {
            job = jobs.downloadable(requestBody);
        } catch (ApiException e) {
            response.setStatus(e.kind().status().value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(),
                    EnvelopeFamily.FATE.error(e.kind(), e.getMessage(), e.violations(), TraceIds.current()));
            return;
        }
        response.setContentType("text/csv;charset=UTF-8");
        jobs.writeCsv(job, response.getOutputStream());
    }
}
