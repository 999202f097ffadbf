package io.hutong.catalog;

import io.hutong.account.CurrentUser;
import io.hutong.catalog.internal.InteropCall;
import io.hutong.catalog.internal.Matching;
import io.hutong.catalog.internal.Tasks;
import io.hutong.catalog.internal.Templates;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The interop platform API's four operations for the console, which calls them as a portal named
 * {@code console} would: the same checks, operation records and answers. Answers are the API's own
 * JSON objects as maps, so the console shows exactly what a portal is answered.
 */
@Service
public class CatalogQueries {

    private static final String SOURCE = "console";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Matching matching;
    private final Tasks tasks;
    private final Templates templates;
    private final JsonMapper json;

    CatalogQueries(Matching matching, Tasks tasks, Templates templates, JsonMapper json) {
        this.matching = matching;
        this.tasks = tasks;
        this.templates = templates;
        this.json = json;
    }

    /** A task template a person may choose, with its default parameters as JSON text. */
    public record TemplateChoice(String id, String name, String parameters) {
    }

    /** {@code query_computing_resources} with this {@code data}. */
    public Map<String, Object> query(CurrentUser user, ObjectNode data) {
        return answer(matching.query(user.id(), call(data)));
    }

    /** {@code query_computing_resources_by_task_template}: a new task and the ranked instances of its steps. */
    public Map<String, Object> plan(CurrentUser user, ObjectNode data) {
        return answer(tasks.plan(user, call(data)));
    }

    /** {@code task_path}: starts the chosen path of a planned task. */
    public Map<String, Object> path(CurrentUser user, ObjectNode data) {
        return answer(tasks.path(user, call(data)));
    }

    /** {@code task_status} of one of the user's tasks. */
    public Map<String, Object> status(CurrentUser user, String taskId) {
        return answer(tasks.status(user, call(json.createObjectNode().put("task_id", taskId))));
    }

    public List<TemplateChoice> templates() {
        return templates.list().stream().map(t -> new TemplateChoice(t.id(), t.name(),
                String.valueOf(t.body().path("parameters").isObject() ? t.body().get("parameters") : "{}"))).toList();
    }

    private InteropCall call(ObjectNode data) {
        ObjectNode body = json.createObjectNode().put("source", SOURCE);
        body.set("data", data);
        return new InteropCall(SOURCE, null, null, data, body.toString());
    }

    private Map<String, Object> answer(Object answer) {
        JsonNode tree = json.valueToTree(answer);
        return json.convertValue(tree, MAP);
    }
}
