package io.hutong.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.springframework.stereotype.Component;

/** The {@code yyyy-MM-dd HH:mm:ss} dates of the APIs, in the node's time zone ({@code hutong.timezone}). */
@Component
public class ApiDates {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Clock clock;

    public ApiDates(Clock clock) {
        this.clock = clock;
    }

    public String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant.atZone(clock.getZone()));
    }

    /** Parses a date of the APIs; a malformed one is a parameter error naming the field. */
    public Instant parse(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.strip(), FORMAT).atZone(clock.getZone()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "pattern(yyyy-MM-dd HH:mm:ss)");
        }
    }
}
