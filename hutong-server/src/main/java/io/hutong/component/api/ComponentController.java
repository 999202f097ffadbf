package io.hutong.component.api;

import io.hutong.account.UserApi;
import io.hutong.component.ComponentInfo;
import io.hutong.component.Components;
import io.hutong.component.RegisteredComponent;
import io.hutong.web.BfiaApi;
import io.hutong.web.BfiaResponse;
import io.hutong.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** §5.8 组件注册 (north-south). */
@RestController
@UserApi
@BfiaApi
@Tag(name = "BFIA north-south: components")
class ComponentController {

    private final Components components;

    ComponentController(Components components) {
        this.components = components;
    }

    record RegisterRequest(String imageUrl, ComponentInfo component_info) {
    }

    @PostMapping("/v1/platform/schedule/component/register")
    @Operation(summary = "组件注册", description = "Registers (or replaces) a component by componentName + version + "
            + "provider; every field of §6.1–6.5 is checked.")
    BfiaResponse<Map<String, Object>> register(@RequestBody RegisterRequest request) {
        components.register(request.imageUrl(), request.component_info());
        return BfiaResponse.ok();
    }

    @GetMapping("/v1/platform/schedule/component/list")
    @Operation(summary = "Registered components (Hutong extension)", description = "Every one; with pageNum (from 1) "
            + "or pageSize (at most 1000) a page: {total, pageCurrent, pageSize, pageTotal, list}.")
    BfiaResponse<Object> list(@RequestParam(required = false) Integer pageNum,
            @RequestParam(required = false) Integer pageSize) {
        Paging page = Paging.of(pageNum, pageSize);
        return BfiaResponse.ok(page.answer(components.all(page), components.count()));
    }
}
