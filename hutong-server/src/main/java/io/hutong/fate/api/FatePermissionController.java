package io.hutong.fate.api;

import io.hutong.fate.internal.Permissions;
import io.hutong.fate.internal.Permissions.DatasetRef;
import io.hutong.fate.internal.Permissions.Decision;
import io.hutong.fate.internal.Permissions.PermissionCheck;
import io.hutong.web.ApiException;
import io.hutong.web.Echo;
import io.hutong.web.FateApi;
import io.hutong.web.FateResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** FATE Flow's permission hook ({@code fate_flow.hook.api.permission}), called on every job creation. */
@RestController
@FateApi
@RequestMapping("${hutong.fate.path-prefix:/api/fate}")
@Tag(name = "FATE Flow permission")
class FatePermissionController {

    private final Permissions permissions;

    FatePermissionController(Permissions permissions) {
        this.permissions = permissions;
    }

    /**
     * What FATE Flow 1.11 sends; party ids arrive as numbers or strings, {@code src_role} is always
     * null (a FATE typo), unknown fields are ignored.
     */
    record PermissionRequest(String src_role, String src_party_id, String role, String party_id, JsonNode initiator,
            JsonNode roles, JsonNode component_list, JsonNode dataset_list, JsonNode run_time_conf, JsonNode dsl,
            JsonNode component_parameters) {
    }

    @PostMapping("/permission")
    @Operation(summary = "May the source party run this job here?", description = """
            Allows the node's own parties; otherwise every component must be granted to src_party_id (code 2 \
            names the first that is not) and every dataset (code 3). Every decision goes to the audit log.""")
    FateResponse<Void> permission(@RequestBody PermissionRequest request) {
        Decision decision = permissions.check(new PermissionCheck(request.src_role(), blankToNull(request.src_party_id()),
                request.role(), blankToNull(request.party_id()), request.initiator(),
                components(request.component_list()), datasets(request.dataset_list())));
        return new FateResponse<>(decision.code(), Echo.cut(decision.msg()), null);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** A list of module names; the document calls it an object, so an object's keys count too. */
    private static List<String> components(JsonNode list) {
        List<String> names = new ArrayList<>();
        if (list == null || list.isNull()) {
            return names;
        }
        if (list.isObject()) {
            names.addAll(list.propertyNames());
            return names;
        }
        if (!list.isArray()) {
            throw ApiException.invalid("component_list", "type(array)");
        }
        int i = 0;
        for (JsonNode name : list.values()) {
            if (!(name.isString() || name.isNumber()) || name.asString().isBlank()) {
                throw ApiException.invalid("component_list[" + i + "]", "type(string)");
            }
            names.add(name.asString().strip());
            i++;
        }
        return names;
    }

    private static List<DatasetRef> datasets(JsonNode list) {
        List<DatasetRef> refs = new ArrayList<>();
        if (list == null || list.isNull()) {
            return refs;
        }
        if (!list.isArray()) {
            throw ApiException.invalid("dataset_list", "type(array)");
        }
        int i = 0;
        for (JsonNode dataset : list.values()) {
            String namespace = dataset.path("namespace").asString("");
            String name = dataset.path("name").asString("");
            if (namespace.isBlank()) {
                throw ApiException.invalid("dataset_list[" + i + "].namespace", "notBlank");
            }
            if (name.isBlank()) {
                throw ApiException.invalid("dataset_list[" + i + "].name", "notBlank");
            }
            refs.add(new DatasetRef(namespace.strip(), name.strip()));
            i++;
        }
        return refs;
    }
}
