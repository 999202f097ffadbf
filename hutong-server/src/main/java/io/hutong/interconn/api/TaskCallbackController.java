package io.hutong.interconn.api;

import io.hutong.interconn.internal.ComponentCallbacks;
import io.hutong.web.BfiaApi;
import io.hutong.web.BfiaResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** §4.1: a component reports its end to its own node. */
@RestController
@BfiaApi
@Tag(name = "BFIA task callback", description = "§4: algorithm containers report to their node")
class TaskCallbackController {

    private final ComponentCallbacks callbacks;

    TaskCallbackController(ComponentCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    record CallbackRequest(String task_id, String status, String role) {
    }

    @PostMapping("/v1/platform/schedule/task/callback")
    @Operation(summary = "4.1 回调任务信息", description = "role as guest or guest.0; SUCCESS or FAILED end the "
            + "component's share, RUNNING changes nothing. Authenticated by the task's config.token in the token "
            + "header, or by coming from an address tasks are launched on (hutong.runtime.callback-addresses).")
    BfiaResponse<Map<String, Object>> callback(@RequestHeader(name = "token", required = false) String token,
            @RequestBody CallbackRequest request, HttpServletRequest http) {
        callbacks.report(request.task_id(), request.status(), request.role(), token, http.getRemoteAddr());
        return BfiaResponse.ok();
    }
}
