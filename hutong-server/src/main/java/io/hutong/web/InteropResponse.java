package io.hutong.web;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The interop-platform envelope: code 0 and message "ok" on success. */
@JsonPropertyOrder({"code", "message", "data"})
public record InteropResponse<T>(int code, String message, T data) {

    public static <T> InteropResponse<T> ok(T data) {
        return new InteropResponse<>(0, "ok", data);
    }
}
