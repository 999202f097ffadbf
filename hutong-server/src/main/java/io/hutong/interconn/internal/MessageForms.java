package io.hutong.interconn.internal;

import io.hutong.interconn.internal.Messages.AuditConfirm;
import io.hutong.interconn.internal.Messages.Create;
import io.hutong.interconn.internal.Messages.CreateAll;
import io.hutong.interconn.internal.Messages.Message;
import io.hutong.interconn.internal.Messages.Start;
import io.hutong.interconn.internal.Messages.Stop;
import io.hutong.interconn.internal.Messages.StopAll;
import io.hutong.interconn.internal.Messages.TaskCallback;
import io.hutong.interconn.internal.Messages.TaskStart;
import io.hutong.interconn.internal.Messages.TaskStop;
import io.hutong.node.PeerDialect;
import io.hutong.node.Peers;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A message as its target reads it, in the target's dialect, or none when the target takes no such
 * message: a job whose parties speak different dialects sends each its own form.
 * <ul>
 * <li>Hutong: the message as it is, with Hutong's extensions (task ids, roles, upstream task ids,
 * outcomes).</li>
 * <li>Kuscia: no create_all, stop_all, audit_confirm or callback; a job/stop only to stop a job,
 * never as the notice of its success (it would fail a job it still runs); DAG components as
 * {@code {code, name, module_name, version, input, output}}, {@code config.task_params} always an
 * object; only the fields its protos have.</li>
 * <li>FATE-Flow: no audit_confirm (it answers a READY one with a failure) and no task/stop; DAG
 * components as {@code {name, componentName, provider, version, input, output}},
 * {@code job_params.common} always an object, {@code flow_id} a string, never {@code null}.</li>
 * </ul>
 */
@Component
class MessageForms {

    private final Peers peers;
    private final PlanCache plans;
    private final JsonMapper json;

    MessageForms(Peers peers, PlanCache plans, JsonMapper json) {
        this.peers = peers;
        this.plans = plans;
        this.json = json;
    }

    /** The JSON body for {@code target}; empty when it takes no such message. */
    Optional<String> body(String target, Message message) {
        PeerDialect dialect = peers.dialectOf(target);
        if (!dialect.serves(message.path().substring(Messages.PREFIX.length()))) {
            return Optional.empty();
        }
        return switch (dialect) {
            case HUTONG -> Optional.of(json.writeValueAsString(message));
            case KUSCIA -> kuscia(message).map(json::writeValueAsString);
            case FATE_FLOW -> fate(message).map(json::writeValueAsString);
        };
    }

    private Optional<Object> kuscia(Message message) {
        ObjectNode body = json.createObjectNode();
        if (message instanceof Create m) {
            body.put("job_id", m.job_id());
            if (m.flow_id() != null) {
                body.put("flow_id", m.flow_id());
            }
            body.set("dag", dag(m, true));
            ObjectNode config = (ObjectNode) m.config().deepCopy();
            if (!config.path("task_params").isObject()) {
                config.set("task_params", json.createObjectNode());
            }
            body.set("config", config);
        } else if (message instanceof Start m) {
            body.put("job_id", m.job_id());
        } else if (message instanceof TaskStart m) {
            body.put("task_id", m.task_id()).put("job_id", m.job_id()).put("task_name", m.task_name());
        } else if (message instanceof TaskStop m) {
            body.put("task_id", m.task_id());
        } else if (message instanceof Stop m) {
            // a stop command only: Kuscia reads any job/stop as one, and has no notice of an end
            if (m.task_name() != null || "SUCCESS".equals(m.result())) {
                return Optional.empty();
            }
            body.put("job_id", m.job_id());
        } else {
            return Optional.empty();
        }
        return Optional.of(body);
    }

    private Optional<Object> fate(Message message) {
        if (message instanceof AuditConfirm || message instanceof TaskStop) {
            return Optional.empty();
        }
        if (message instanceof Create m) {
            ObjectNode body = json.createObjectNode();
            body.put("job_id", m.job_id());
            body.put("flow_id", m.flow_id() == null ? "" : m.flow_id());
            body.set("dag", dag(m, false));
            ObjectNode config = (ObjectNode) m.config().deepCopy();
            if (!config.path("job_params").isObject()) {
                config.set("job_params", json.createObjectNode());
            }
            ObjectNode jobParams = (ObjectNode) config.get("job_params");
            if (!jobParams.path("common").isObject()) {
                jobParams.set("common", json.createObjectNode());
            }
            body.set("config", config);
            return Optional.of(body);
        }
        if (message instanceof CreateAll || message instanceof StopAll || message instanceof TaskCallback
                || message instanceof Start || message instanceof TaskStart || message instanceof Stop) {
            return Optional.of(message);
        }
        return Optional.empty();
    }

    /**
     * The DAG in Kuscia's component shape ({@code code}: the component's app image, as the DAG gave it
     * or as this node resolved it) or in the standard's.
     */
    private JsonNode dag(Create create, boolean kuscia) {
        ObjectNode dag = json.createObjectNode();
        dag.put("version", create.dag().path("version").asString("2.0.0"));
        ArrayNode components = dag.putArray("components");
        JobPlan plan = plans.of(create.job_id());
        for (JsonNode given : create.dag().path("components")) {
            ObjectNode component = components.addObject();
            String name = given.path("name").asString();
            String componentName = given.path("componentName").asString(given.path("module_name").asString(""));
            String code = given.path("code").asString("");
            String provider = given.path("provider").asString("");
            if (kuscia) {
                component.put("code", !code.isBlank() ? code : plan.find(name)
                        .map(t -> t.registered().imageUrl()).orElse(provider));
                component.put("name", name);
                component.put("module_name", componentName);
            } else {
                component.put("name", name);
                component.put("componentName", componentName);
                component.put("provider", !provider.isBlank() ? provider : code);
            }
            component.put("version", given.path("version").asString(""));
            if (given.path("input").isArray() && (!kuscia || !given.path("input").isEmpty())) {
                component.set("input", given.get("input"));
            }
            component.set("output", given.path("output").isArray() ? given.get("output") : json.createArrayNode());
        }
        return dag;
    }
}
