package io.hutong.support.standin;

import io.hutong.support.Api;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * A request a stand-in received, as it arrived.
 *
 * @param headers by name, looked up without regard to case (the JDK server capitalises names)
 * @param query the raw query string, {@code ""} when none
 */
public record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {

    /** The first value of a header, {@code null} when it was not sent. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as JSON; a missing node when it is empty or not JSON. */
    public JsonNode json() {
        return parse(body);
    }

    static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return Api.JSON.readTree(text);
        } catch (RuntimeException e) {
            return MissingNode.getInstance();
        }
    }
}
