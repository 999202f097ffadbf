package io.hutong.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller of the BFIA transport layer, whose every answer, refusals included, is
 * HTTP 200 with a {@link TransportCode} ({@link EnvelopeFamily#TRANSPORT}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TransportApi {
}
