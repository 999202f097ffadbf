package io.hutong.console.api;

import io.hutong.catalog.CatalogQueries;
import io.hutong.console.internal.RequirementForm;
import io.hutong.console.internal.Viewer;
import io.hutong.web.ApiException;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The compute catalog: a requirement and its ranked candidates, rejections and near misses; then a
 * task template planned, a path chosen, and the task followed. Each step is the interop API's.
 */
@Controller
class CatalogController {

    private final CatalogQueries catalog;
    private final JsonMapper json;

    CatalogController(CatalogQueries catalog, JsonMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    /** A GET form: a query changes nothing, so its page can be bookmarked and reloaded. */
    @GetMapping("/console/catalog")
    String catalog(Viewer viewer, @ModelAttribute("form") RequirementForm form, Model model) {
        if (form.asked()) {
            model.addAttribute("result", catalog.query(viewer.user(), form.data(json)));
        }
        model.addAttribute("templates", catalog.templates());
        return "console/catalog";
    }

    /** Plans a task: the answer holds each step's ranked instances, shown once, to choose the path from. */
    @PostMapping("/console/catalog/tasks")
    String plan(Viewer viewer, @RequestParam("template_id") String templateId,
            @RequestParam(defaultValue = "{}") String parameters, @RequestParam(required = false) Integer limit,
            Model model) {
        ObjectNode data = json.createObjectNode().put("template_id", templateId);
        data.set("parameters", parameters(parameters));
        if (limit != null) {
            data.put("limit", limit);
        }
        model.addAttribute("plan", catalog.plan(viewer.user(), data));
        return "console/catalog-plan";
    }

    /**
     * @param pick one per step (and party of a BFIA step): {@code step|party|instance_id}, party empty
     *     for other steps
     */
    @PostMapping("/console/catalog/tasks/{taskId}/path")
    String path(Viewer viewer, @PathVariable String taskId, @RequestParam(defaultValue = "") List<String> pick) {
        ObjectNode data = json.createObjectNode().put("task_id", taskId);
        var path = data.putArray("path");
        for (String choice : pick) {
            String[] parts = choice.split("\\|", 3);
            if (parts.length != 3 || parts[0].isEmpty() || parts[2].isEmpty()) {
                throw ApiException.invalid("pick", "form(step|party|instance_id)");
            }
            ObjectNode step = path.addObject().put("step", parts[0]).put("instance_id", parts[2]);
            if (!parts[1].isEmpty()) {
                step.put("party", parts[1]);
            }
        }
        catalog.path(viewer.user(), data);
        return "redirect:/console/catalog/tasks/" + taskId;
    }

    /** The task page; htmx reads its status part again while the task has not ended. */
    @GetMapping("/console/catalog/tasks/{taskId}")
    String task(Viewer viewer, @PathVariable String taskId,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        Map<String, Object> task = catalog.status(viewer.user(), taskId);
        model.addAttribute("task", task);
        model.addAttribute("live", List.of("planned", "running").contains(String.valueOf(task.get("status"))));
        return htmx != null ? "console/catalog-task :: status" : "console/catalog-task";
    }

    private JsonNode parameters(String text) {
        try {
            JsonNode parsed = json.readTree(text.isBlank() ? "{}" : text);
            if (parsed.isObject()) {
                return parsed;
            }
        } catch (JacksonException e) {
            // refused below with the field and the rule, as the API would
        }
        throw ApiException.invalid("parameters", "json(object)");
    }
}
