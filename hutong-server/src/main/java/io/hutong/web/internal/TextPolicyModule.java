package io.hutong.web.internal;

import io.hutong.web.ApiException;
import io.hutong.web.TextLimit;
import io.hutong.web.TextRules;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanProperty;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.jackson.JsonNodeDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.type.LogicalType;

/**
 * Holds what the node reads from a request's JSON to {@link TextRules}: every string value and
 * field name, in records, lists, maps and free-form objects, each within its field's
 * {@link TextLimit}. Only readers with the {@link #ENFORCED} attribute check (request bodies; see
 * {@link io.hutong.web.RequestJson}): what the node reads back from its database or from the
 * systems it calls is taken as it is.
 */
@Component
public class TextPolicyModule extends SimpleModule {

    /** The reader attribute that switches the checks on. */
    public static final Object ENFORCED = TextPolicyModule.class;

    TextPolicyModule() {
        super("hutong-text-rules");
        addDeserializer(String.class, new Strings(TextRules.DEFAULT_LIMIT));
        addDeserializer(JsonNode.class, new Trees<>(JsonNode.class, TextRules.DEFAULT_LIMIT));
        addDeserializer(ObjectNode.class, new Trees<>(ObjectNode.class, TextRules.DEFAULT_LIMIT));
        addDeserializer(ArrayNode.class, new Trees<>(ArrayNode.class, TextRules.DEFAULT_LIMIT));
        addKeyDeserializer(String.class, new Keys());
    }

    /** A string that breaks a rule; Jackson adds the path to it as the exception travels up. */
    public static final class TextRefused extends MismatchedInputException {

        private final String rule;

        TextRefused(JsonParser parser, String rule) {
            super(parser, "text breaks " + rule, String.class);
            this.rule = rule;
        }

        public String rule() {
            return rule;
        }

        /** The refusal as the caller sees it: the path of the string and the rule. */
        public ApiException toApi() {
            String field = ErrorTranslation.path(this);
            return ApiException.invalid(field.isEmpty() ? "body" : field, rule);
        }
    }

    private static boolean enforced(DeserializationContext context) {
        return context.getAttribute(ENFORCED) != null;
    }

    private static int limit(BeanProperty property) {
        return TextRules.limit(property == null ? null : property.getAnnotation(TextLimit.class));
    }

    private static final class Strings extends StdScalarDeserializer<String> {

        private final int limit;

        Strings(int limit) {
            super(String.class);
            this.limit = limit;
        }

        @Override
        public ValueDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            int wanted = limit(property);
            return wanted == limit ? this : new Strings(wanted);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && enforced(context)) {
                String rule = TextRules.broken(value, limit);
                if (rule != null) {
                    throw new TextRefused(parser, rule);
                }
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public Object getEmptyValue(DeserializationContext context) {
            return "";
        }
    }

    /** Free-form JSON: read as Jackson reads it, then every string and field name in it checked. */
    private static final class Trees<T extends JsonNode> extends StdDeserializer<T> {

        private final Class<T> type;
        private final ValueDeserializer<?> standard;
        private final int limit;

        Trees(Class<T> type, int limit) {
            super(type);
            this.type = type;
            this.standard = JsonNodeDeserializer.getDeserializer(type);
            this.limit = limit;
        }

        @Override
        public ValueDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            int wanted = limit(property);
            return wanted == limit ? this : new Trees<>(type, wanted);
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) {
            T tree = type.cast(standard.deserialize(parser, context));
            if (enforced(context)) {
                Deque<Object> at = new ArrayDeque<>();
                String rule = broken(tree, at);
                if (rule != null) {
                    TextRefused refused = new TextRefused(parser, rule);
                    for (Iterator<Object> inner = at.iterator(); inner.hasNext(); ) {
                        Object step = inner.next();
                        if (step instanceof Integer index) {
                            refused.prependPath(tree, index);
                        } else {
                            refused.prependPath(tree, (String) step);
                        }
                    }
                    throw refused;
                }
            }
            return tree;
        }

        @Override
        public Object getNullValue(DeserializationContext context) {
            return standard.getNullValue(context);
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return standard.getAbsentValue(context);
        }

        /** The rule the first offending string breaks; {@code at} then holds its path, innermost first. */
        private String broken(JsonNode node, Deque<Object> at) {
            if (node.isString()) {
                return TextRules.broken(node.asString(), limit);
            }
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> property : node.properties()) {
                    String rule = TextRules.broken(property.getKey(), limit);
                    if (rule == null) {
                        rule = broken(property.getValue(), at);
                    }
                    if (rule != null) {
                        at.addLast(property.getKey());
                        return rule;
                    }
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    String rule = broken(node.get(i), at);
                    if (rule != null) {
                        at.addLast(i);
                        return rule;
                    }
                }
            }
            return null;
        }
    }

    /** The keys of maps read as records' fields. */
    private static final class Keys extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            if (enforced(context)) {
                String rule = TextRules.broken(key, TextRules.DEFAULT_LIMIT);
                if (rule != null) {
                    throw new TextRefused(context.getParser(), rule);
                }
            }
            return key;
        }
    }
}
