package io.hutong.storage.internal;

import io.hutong.web.ApiException;
import io.hutong.web.Echo;
import io.hutong.web.FailureTranslator;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Values PostgreSQL refuses to store because of what a caller sent, reported as the caller's
 * mistake (HTTP 400, the body named) instead of as an internal error: text it cannot hold (NUL,
 * bytes that are not UTF-8), a value too large for a column or an index, a number out of range, a
 * text that is not of its column's type. The web layer's text rules refuse what comes as JSON or
 * in parameters before, naming the field; what remains are bodies read another way (CSV loads,
 * multipart uploads). Nothing of the failed transaction is kept. A unique key two requests wrote
 * at the same time is a conflict (HTTP 409): the caller may try again.
 */
@Component
class DatabaseRefusals implements FailureTranslator {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRefusals.class);

    @Override
    public ApiException translate(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                if ("23505".equals(sql.getSQLState())) {
                    return ApiException.failure("the request collides with a record written at the same time; "
                            + "try again");
                }
                String rule = rule(sql.getSQLState());
                if (rule != null) {
                    log.info("Refused a value PostgreSQL cannot store ({}): {}", sql.getSQLState(),
                            Echo.cut(sql.getMessage()));
                    return ApiException.invalid("body", rule);
                }
            }
        }
        return null;
    }

    /** By SQLSTATE: class 22 (data exception) and 54000 (a value over an index's limit). */
    private static String rule(String state) {
        return switch (state) {
            case "22021", "22P05" -> "text(UTF-8 without NUL)";
            case "22001", "54000" -> "storable(not that long)";
            case "22003" -> "storable(a number in range)";
            case "22P02", "22007", "22008" -> "storable(a value of its type)";
            default -> null;
        };
    }
}
