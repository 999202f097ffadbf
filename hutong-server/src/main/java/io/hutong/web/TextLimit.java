package io.hutong.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The longest text a field or parameter takes, in place of {@link TextRules#DEFAULT_LIMIT}: for a
 * string the string itself, for a list, map or free-form JSON object every string in it. It is
 * written into the OpenAPI documents as {@code maxLength}.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TextLimit {

    /** Characters (UTF-16 units, as Java counts them). */
    int value();
}
