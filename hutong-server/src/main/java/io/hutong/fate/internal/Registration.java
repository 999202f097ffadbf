package io.hutong.fate.internal;

import io.hutong.web.ApiException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a FATE operator runs against FATE Flow to use this node: the server registration, one
 * service registration per service, and the {@code service_conf.yaml} settings that switch the hooks on.
 */
@Component
public class Registration {

    /** FATE Flow's service names and the paths below {@code hutong.fate.path-prefix} that serve them. */
    static final List<String> SERVICES = List.of("signature", "site_authentication", "client_authentication",
            "permission", "upload", "query", "download");

    private final FateProperties fate;
    private final JsonMapper json;

    Registration(FateProperties fate, JsonMapper json) {
        this.fate = fate;
        this.json = json;
    }

    /** One request to FATE Flow. */
    public record FateFlowRequest(String method, String path, Map<String, Object> body) {
    }

    /**
     * @param script the requests as curl commands, FATE Flow's address in {@code $FATE_FLOW}
     * @param serviceConf what to set in FATE Flow's {@code conf/service_conf.yaml}
     * @param apiReader the ApiReader component parameters of a job that reads features from this node
     */
    public record Guide(String serverName, String baseUrl, List<FateFlowRequest> requests, String script,
            String serviceConf, Map<String, Object> apiReader) {
    }

    /** The guide for this node; {@code requestBase} is used when {@code hutong.fate.public-url} is not set. */
    public Guide guide(URI requestBase) {
        URI base;
        try {
            base = fate.publicUrl() != null ? URI.create(fate.publicUrl()) : requestBase;
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("hutong.fate.public-url", "absoluteUrl");
        }
        if (base.getHost() == null) {
            throw ApiException.invalid("hutong.fate.public-url", "absoluteUrl");
        }
        String protocol = base.getScheme() == null ? "http" : base.getScheme();
        int port = base.getPort() > 0 ? base.getPort() : "https".equals(protocol) ? 443 : 80;
        String prefix = (base.getPath() == null ? "" : stripSlash(base.getPath())) + stripSlash(fate.pathPrefix());
        String server = fate.serverName();

        List<FateFlowRequest> requests = new ArrayList<>();
        requests.add(new FateFlowRequest("POST", "/v1/server/" + server + "/register",
                ordered("host", base.getHost(), "port", port, "protocol", protocol)));
        for (String service : SERVICES) {
            requests.add(new FateFlowRequest("POST", "/v1/service/registry", ordered("server_name", server,
                    "service_name", service, "uri", prefix + "/" + service, "method", "POST")));
        }
        StringBuilder script = new StringBuilder("FATE_FLOW=${FATE_FLOW:-http://127.0.0.1:9380}\n");
        for (FateFlowRequest request : requests) {
            script.append("curl -sS -X ").append(request.method()).append(" \"$FATE_FLOW").append(request.path())
                    .append("\" -H 'Content-Type: application/json' -d '")
                    .append(json.writeValueAsString(request.body())).append("'\n");
        }
        String serviceConf = """
                party_id: %s
                hook_module:
                  client_authentication: fate_flow.hook.api.client_authentication
                  site_authentication: fate_flow.hook.api.site_authentication
                  permission: fate_flow.hook.api.permission
                hook_server_name: %s
                authentication:
                  client:
                    switch: true
                  site:
                    switch: true
                permission:
                  switch: true
                  component: true
                  dataset: true
                """.formatted(fate.partyId() == null ? "<this site's party id>" : fate.partyId(), server);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("dataset", fate.defaultDataset() == null ? "<dataset>" : fate.defaultDataset());
        parameters.put("version", "<version, or leave out for the newest>");
        return new Guide(server, base.toString(), requests, script.toString(), serviceConf,
                ordered("server_name", server, "parameters", parameters));
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
