package io.hutong.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The envelope FATE Flow reads from its third-party services: integer code 0 on success, msg, data. */
@JsonPropertyOrder({"code", "msg", "data"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FateResponse<T>(int code, String msg, T data) {

    public static <T> FateResponse<T> ok(T data) {
        return new FateResponse<>(0, "success", data);
    }

    public static FateResponse<Void> ok() {
        return ok(null);
    }
}
