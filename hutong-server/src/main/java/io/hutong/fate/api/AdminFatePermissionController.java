package io.hutong.fate.api;

import io.hutong.account.AdminApi;
import io.hutong.fate.internal.Permissions;
import io.hutong.fate.internal.Permissions.DatasetRef;
import io.hutong.fate.internal.Permissions.Grants;
import io.hutong.web.ApiDates;
import io.hutong.web.InfiniteResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Admin API: what each FATE party may use in jobs at this node, and the log of every decision. */
@RestController
@AdminApi
@RequestMapping("/admin/fate")
@Tag(name = "FATE Flow permission (admin)", description = "Grants per source party and the permission audit log")
class AdminFatePermissionController {

    private final Permissions permissions;
    private final ApiDates dates;

    AdminFatePermissionController(Permissions permissions, ApiDates dates) {
        this.permissions = permissions;
        this.dates = dates;
    }

    record GrantRequest(
            @Schema(description = "lower-case FATE module names (homo_lr, reader, …) or \"*\" for any") List<String> components,
            @Schema(description = "{namespace, name}; \"*\" in either matches any") List<DatasetRef> datasets) {
    }

    record LogView(String id, String decidedAt, String srcPartyId, String srcRole, String role, String partyId,
            JsonNode componentList, JsonNode datasetList, boolean allowed, int code, String msg) {
    }

    @GetMapping("/grants")
    @Operation(summary = "Every party's grants")
    InfiniteResponse<List<Grants>> grants() {
        return InfiniteResponse.ok(permissions.allGrants());
    }

    @GetMapping("/grants/{partyId}")
    @Operation(summary = "One party's grants")
    InfiniteResponse<Grants> grants(@PathVariable String partyId) {
        return InfiniteResponse.ok(permissions.grants(partyId));
    }

    @PutMapping("/grants/{partyId}")
    @Operation(summary = "Set what a party may use", description = "Replaces the party's components and datasets.")
    InfiniteResponse<Grants> replace(@PathVariable String partyId, @RequestBody GrantRequest request) {
        return InfiniteResponse.ok(permissions.replace(partyId, request.components(), request.datasets()));
    }

    @DeleteMapping("/grants/{partyId}")
    @Operation(summary = "Revoke everything a party was granted")
    InfiniteResponse<Grants> revoke(@PathVariable String partyId) {
        return InfiniteResponse.ok(permissions.replace(partyId, List.of(), List.of()));
    }

    @GetMapping("/permission-log")
    @Operation(summary = "Permission decisions, newest first", description = "Page back with beforeId = the "
            + "smallest id of the previous page.")
    InfiniteResponse<List<LogView>> log(@RequestParam(required = false) String srcPartyId,
            @RequestParam(required = false) Boolean allowed, @RequestParam(required = false) Long beforeId,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return InfiniteResponse.ok(permissions.log(srcPartyId, allowed, beforeId, limit).stream()
                .map(e -> new LogView(Long.toString(e.id()), dates.format(e.decidedAt()), e.srcPartyId(), e.srcRole(),
                        e.role(), e.partyId(), e.componentList(), e.datasetList(), e.allowed(), e.code(), e.msg()))
                .toList());
    }
}
