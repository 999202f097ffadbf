package io.hutong.catalog.api;

import io.hutong.account.CurrentUser;
import io.hutong.account.UserApi;
import io.hutong.catalog.internal.InteropCall;
import io.hutong.catalog.internal.Matching;
import io.hutong.catalog.internal.Matching.Result;
import io.hutong.catalog.internal.Tasks;
import io.hutong.catalog.internal.Tasks.Plan;
import io.hutong.catalog.internal.Tasks.TaskView;
import io.hutong.web.InteropApi;
import io.hutong.web.InteropResponse;
import io.hutong.web.RequestJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The interop platform API (互通平台 API): the compute catalog, task templates and paths. Bodies are
 * {@code {source, session_identifier, data}}; answers {@code {code: 0, message: "ok", data}}. The
 * bodies are read as text so that the operation record keeps them exactly as received (documented
 * as the objects they are).
 */
@RestController
@UserApi
@InteropApi
@Tag(name = "Interop platform API", description = "One compute catalog across providers, explainable matching and "
        + "ranking, task templates and the paths that run them")
class InteropController {

    private final Matching matching;
    private final Tasks tasks;
    private final RequestJson json;

    InteropController(Matching matching, Tasks tasks, RequestJson json) {
        this.matching = matching;
        this.tasks = tasks;
        this.json = json;
    }

    @PostMapping(path = {"/api/v1/query_computing_resources", "/api/v1/query_computing_resources/"},
            consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "请求算力资源列表: matching zones and ranked offers",
            description = InteropExamples.QUERY_DOC,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(type = "object"), examples = {
                        @ExampleObject(name = "multi-constraint", value = InteropExamples.QUERY),
                        @ExampleObject(name = "ordered alternatives", value = InteropExamples.QUERY_ORDERED)})),
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = InteropExamples.QUERY_ANSWER))))
    InteropResponse<Result> query(CurrentUser user, @RequestBody String body) {
        return InteropResponse.ok(matching.query(user.id(), InteropCall.parse(json, body, false)));
    }

    @PostMapping(path = {"/api/v1/query_computing_resources_by_task_template",
        "/api/v1/query_computing_resources_by_task_template/"}, consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "接受用户选择的任务模版返回算力资源: a task id and ranked instances per step",
            description = InteropExamples.TEMPLATE_DOC,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(type = "object"),
                    examples = @ExampleObject(value = InteropExamples.TEMPLATE))),
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = InteropExamples.TEMPLATE_ANSWER))))
    InteropResponse<Plan> byTemplate(CurrentUser user, @RequestBody String body) {
        return InteropResponse.ok(tasks.plan(user, InteropCall.parse(json, body, true)));
    }

    @PostMapping(path = {"/api/v1/task_path", "/api/v1/task_path/"}, consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "接收用户的路径选择: carries out the chosen path and answers the execution record",
            description = InteropExamples.PATH_DOC,
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(type = "object"),
                    examples = @ExampleObject(value = InteropExamples.PATH))),
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = InteropExamples.PATH_ANSWER))))
    InteropResponse<TaskView> path(CurrentUser user, @RequestBody String body) {
        return InteropResponse.ok(tasks.path(user, InteropCall.parse(json, body, true)));
    }

    @PostMapping(path = {"/api/v1/task_status", "/api/v1/task_status/"}, consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A task's status and links (job id, VM id, usage record id) until it ends",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = "application/json", schema = @Schema(type = "object"),
                    examples = @ExampleObject(value = InteropExamples.STATUS))),
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(value = InteropExamples.PATH_ANSWER))))
    InteropResponse<TaskView> status(CurrentUser user, @RequestBody String body) {
        return InteropResponse.ok(tasks.status(user, InteropCall.parse(json, body, true)));
    }
}
