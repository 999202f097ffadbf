package io.hutong.web;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** dbc_client's answer: errcode 0 and the result in {@code message}, or a negative errcode and a text. */
@JsonPropertyOrder({"errcode", "message"})
public record DbcResponse(int errcode, Object message) {
}
