package io.hutong.web.internal;

import io.hutong.web.TextLimit;
import io.hutong.web.TextRules;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.ParameterCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Writes the text rules into every OpenAPI document: each string schema (of a field, a list's
 * items, a parameter, a body) gets its {@code maxLength}, from {@link TextLimit} where a field or
 * parameter has one, {@link TextRules#DEFAULT_LIMIT} elsewhere; free-form objects say theirs in
 * {@code x-max-string-length}. Binary content (uploads, raw message bytes) is not text and keeps none.
 */
@Configuration(proxyBeanMethods = false)
class TextLimitOpenApi {

    static final String FREE_FORM_LIMIT = "x-max-string-length";

    @Bean
    PropertyCustomizer textLimitOfFields() {
        return (property, type) -> {
            Annotation[] annotations = type.getCtxAnnotations();
            if (annotations != null) {
                for (Annotation annotation : annotations) {
                    if (annotation instanceof TextLimit limit) {
                        limit(property, limit.value());
                    }
                }
            }
            return property;
        };
    }

    @Bean
    ParameterCustomizer textLimitOfParameters() {
        return (parameter, method) -> {
            TextLimit limit = method.getParameterAnnotation(TextLimit.class);
            if (parameter != null && limit != null && parameter.getSchema() != null) {
                limit(parameter.getSchema(), limit.value());
            }
            return parameter;
        };
    }

    /** Every string schema still without a limit gets the default, in every group. */
    @Bean
    GlobalOpenApiCustomizer defaultTextLimit() {
        return openApi -> {
            Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
                openApi.getComponents().getSchemas().values().forEach(schema -> withDefault(schema, seen));
            }
            if (openApi.getPaths() != null) {
                openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                    if (operation.getParameters() != null) {
                        for (Parameter parameter : operation.getParameters()) {
                            withDefault(parameter.getSchema(), seen);
                            withDefault(parameter.getContent(), seen);
                        }
                    }
                    if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                        // a body read whole as one string is held to the body size, not to a string's limit
                        operation.getRequestBody().getContent().values().forEach(media -> {
                            if (media.getSchema() != null && !isString(media.getSchema())) {
                                withDefault(media.getSchema(), seen);
                            }
                        });
                    }
                }));
            }
        };
    }

    /** The limit on a string, on the strings of a list, or on every string of a free-form object. */
    private static void limit(Schema<?> schema, int limit) {
        if (isString(schema)) {
            schema.setMaxLength(limit);
        } else if (schema.getItems() != null && isString(schema.getItems())) {
            schema.getItems().setMaxLength(limit);
        } else {
            schema.addExtension(FREE_FORM_LIMIT, limit);
        }
    }

    private static void withDefault(Content content, Set<Schema<?>> seen) {
        if (content != null) {
            content.values().forEach(media -> withDefault(media.getSchema(), seen));
        }
    }

    private static void withDefault(Schema<?> schema, Set<Schema<?>> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        if (isString(schema)) {
            if (schema.getMaxLength() == null && schema.getEnum() == null && !isBinary(schema)) {
                schema.setMaxLength(TextRules.DEFAULT_LIMIT);
            }
            return;
        }
        withDefault(schema.getItems(), seen);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> withDefault(property, seen));
        }
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            withDefault(values, seen);
        }
        for (List<Schema> parts : Arrays.asList(schema.getAllOf(), schema.getOneOf(), schema.getAnyOf())) {
            if (parts != null) {
                parts.forEach(part -> withDefault(part, seen));
            }
        }
    }

    private static boolean isString(Schema<?> schema) {
        return "string".equals(schema.getType()) || schema.getTypes() != null && schema.getTypes().contains("string");
    }

    private static boolean isBinary(Schema<?> schema) {
        return "binary".equals(schema.getFormat()) || "byte".equals(schema.getFormat());
    }
}
