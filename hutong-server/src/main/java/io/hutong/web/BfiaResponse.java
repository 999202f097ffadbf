package io.hutong.web;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/** The BFIA envelope: code 0 on success (v1.1+; peers may send 200), a message and the data. */
@JsonPropertyOrder({"code", "msg", "data"})
public record BfiaResponse<T>(int code, String msg, T data) {

    public static <T> BfiaResponse<T> ok(T data) {
        return new BfiaResponse<>(0, "success", data);
    }

    public static BfiaResponse<Map<String, Object>> ok() {
        return ok(Map.of());
    }
}
