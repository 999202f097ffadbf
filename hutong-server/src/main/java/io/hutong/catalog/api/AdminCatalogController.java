package io.hutong.catalog.api;

import io.hutong.account.AdminApi;
import io.hutong.catalog.internal.Catalog;
import io.hutong.catalog.internal.Catalog.ProviderStatus;
import io.hutong.catalog.internal.Templates;
import io.hutong.catalog.internal.Templates.Stored;
import io.hutong.web.ApiException;
import io.hutong.web.InfiniteResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The node's task templates and its catalog's providers, for admins. */
@RestController
@AdminApi
@RequestMapping("/admin/catalog")
@Tag(name = "Compute catalog (admin)", description = "Task templates kept on the node; the catalog's providers")
class AdminCatalogController {

    private final Templates templates;
    private final Catalog catalog;

    AdminCatalogController(Templates templates, Catalog catalog) {
        this.templates = templates;
        this.catalog = catalog;
    }

    @GetMapping("/templates")
    @Operation(summary = "Task templates: the shipped examples and the admins' own")
    InfiniteResponse<List<Stored>> templates() {
        return InfiniteResponse.ok(templates.list());
    }

    @GetMapping("/templates/{id}")
    InfiniteResponse<Stored> template(@PathVariable String id) {
        return InfiniteResponse.ok(templates.find(id).orElseThrow(() -> ApiException.notFound("no task template " + id)));
    }

    @PutMapping("/templates/{id}")
    @Operation(summary = "Add or replace a task template", description = "{id, name, description, parameters: "
            + "{name: default}, steps: [{name, kind: training, resources, component: {componentName, version, "
            + "provider, parameters}, vm: {image, os, ssh_port, vnc_port}} | {name, kind: bfia, parties: {role: "
            + "{initiator, resources}}, dag, config}]}; ${parameter} and ${party} placeholders are filled in")
    InfiniteResponse<Stored> save(@PathVariable String id, @RequestBody JsonNode body) {
        return InfiniteResponse.ok(templates.save(id, body));
    }

    @DeleteMapping("/templates/{id}")
    InfiniteResponse<Map<String, Boolean>> delete(@PathVariable String id) {
        if (!templates.delete(id)) {
            throw ApiException.notFound("no task template " + id);
        }
        return InfiniteResponse.ok(Map.of("deleted", true));
    }

    @GetMapping("/providers")
    @Operation(summary = "How each provider answered its last refresh")
    InfiniteResponse<List<ProviderStatus>> providers() {
        return InfiniteResponse.ok(catalog.statuses());
    }

    @PostMapping("/refresh")
    @Operation(summary = "Read the catalog file again and refresh every provider now")
    InfiniteResponse<List<ProviderStatus>> refresh() {
        catalog.reload();
        return InfiniteResponse.ok(catalog.statuses());
    }
}
