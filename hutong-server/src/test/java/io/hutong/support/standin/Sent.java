package io.hutong.support.standin;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A call a stand-in made, with the answer it finally got.
 *
 * @param to the node it was meant for
 * @param tries how many times it was sent (the peer's own retry rule)
 * @param status the HTTP status of the last answer; -1 when none came (or no route was known)
 * @param answer the body of that answer, or the error when none came
 */
public record Sent(String to, String method, String path, Map<String, String> headers, String body, int tries,
        int status, String answer) {

    public JsonNode json() {
        return Received.parse(body);
    }

    public JsonNode answerJson() {
        return Received.parse(answer);
    }
}
