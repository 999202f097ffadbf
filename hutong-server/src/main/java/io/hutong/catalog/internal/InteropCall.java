package io.hutong.catalog.internal;

import io.hutong.web.ApiException;
import io.hutong.web.RequestJson;
import io.hutong.web.Violations;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One call of the interop platform API: {@code {source, session_identifier, data}} and the body
 * exactly as received (what the operation record keeps).
 *
 * @param portalUserId {@code data.userID}: the portal's own id of its user, recorded as given
 */
public record InteropCall(String source, String sessionIdentifier, String portalUserId, JsonNode data, String body) {

    private static final int MAX_TEXT = 256;

    /** Reads the envelope; {@code data} must be an object when {@code dataRequired}, else it may be left out. */
    public static InteropCall parse(RequestJson json, String body, boolean dataRequired) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.invalid("body", "json");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.invalid("body", "type(object)");
        }
        Violations violations = new Violations();
        String source = text(root.get("source"), "source", violations);
        String session = text(root.get("session_identifier"), "session_identifier", violations);
        JsonNode data = root.get("data");
        if (data == null || data.isNull()) {
            if (dataRequired) {
                violations.add("data", "notNull");
            }
            data = JsonNodeFactory.instance.objectNode();
        } else if (!data.isObject()) {
            violations.add("data", "type(object)");
        }
        String portalUser = data.isObject() ? text(data.get("userID"), "data.userID", violations) : null;
        violations.throwIfAny();
        return new InteropCall(source, session, portalUser, data, body);
    }

    private static String text(JsonNode node, String field, Violations violations) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() && !node.isNumber()) {
            violations.add(field, "type(string)");
            return null;
        }
        String value = node.asString();
        if (value.length() > MAX_TEXT) {
            violations.add(field, "size(0," + MAX_TEXT + ")");
            return null;
        }
        return value;
    }
}
