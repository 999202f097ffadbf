package io.hutong.web;

import io.hutong.web.internal.TextPolicyModule;
import io.hutong.web.internal.TextPolicyModule.TextRefused;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads JSON a caller sent that is not bound to a record by Spring (a body kept as text, a JSON
 * query parameter) under the same input policy as request bodies ({@link TextRules}). A string
 * that breaks a rule is refused with an {@link ApiException} naming its path; malformed JSON
 * throws Jackson's exception, as the mapper does.
 */
@Component
public class RequestJson {

    private final ObjectReader reader;

    public RequestJson(JsonMapper json) {
        this.reader = json.reader().withAttribute(TextPolicyModule.ENFORCED, Boolean.TRUE);
    }

    public JsonNode readTree(String text) {
        return checked(() -> reader.readTree(text));
    }

    public JsonNode readTree(byte[] bytes) {
        return checked(() -> reader.readTree(bytes));
    }

    public <T> T read(byte[] bytes, Class<T> type) {
        return checked(() -> reader.forType(type).readValue(bytes));
    }

    private static <T> T checked(Supplier<T> read) {
        try {
            return read.get();
        } catch (TextRefused refused) {
            throw refused.toApi();
        }
    }
}
