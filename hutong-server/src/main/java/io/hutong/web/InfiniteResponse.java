package io.hutong.web;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/** The INFINITE envelope: a business code such as {@code General.Success}, the data and a message. */
@JsonPropertyOrder({"code", "data", "msg"})
public record InfiniteResponse<T>(String code, T data, String msg) {

    public static final String SUCCESS = "General.Success";

    public static <T> InfiniteResponse<T> ok(T data) {
        return new InfiniteResponse<>(SUCCESS, data, "接口调用成功");
    }

    /** Success without data: the document's examples then carry an empty object. */
    public static InfiniteResponse<Map<String, Object>> ok() {
        return ok(Map.of());
    }
}
