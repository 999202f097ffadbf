package io.hutong.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller FATE Flow calls: answers use the FATE envelope
 * {@code {"code": 0, "msg": "…", "data": …}} and failures are answered with HTTP 200 and a
 * non-zero code, because FATE Flow reads the code only from a 200 answer.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface FateApi {
}
