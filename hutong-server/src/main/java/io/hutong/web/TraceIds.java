package io.hutong.web;

import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/** Trace ids: one per request, logged with every line and returned with every failure. */
public final class TraceIds {

    public static final String MDC_KEY = "traceId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private TraceIds() {
    }

    /** The caller's id when it is printable and short, else a new one. */
    public static String accept(String offered) {
        return offered != null && SANE.matcher(offered).matches() ? offered : newId();
    }

    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The current request's trace id, or a new one outside a request. */
    public static String current() {
        String id = MDC.get(MDC_KEY);
        return id != null ? id : newId();
    }
}
