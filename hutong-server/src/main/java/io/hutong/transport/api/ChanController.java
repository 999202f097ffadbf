package io.hutong.transport.api;

import io.hutong.transport.internal.Chan;
import io.hutong.transport.internal.Chan.ContainerCall;
import io.hutong.transport.internal.ChanAnswers;
import io.hutong.web.TransportApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The transport layer as algorithm containers call it (§3.2 of the transport document): Kuscia's
 * wire (the message as the raw body, {@code x-ptp-topic}, {@code ?timeout=} in seconds, a protobuf
 * {@code TransportOutbound} answer) or, with {@code Content-Type: application/json}, the standard's
 * JSON form ({@code payload} in Base64, {@code topic}, {@code timeout}; answered {@code {code,
 * message, content}}). Every answer is HTTP 200 with its result code, as Kuscia answers.
 */
@RestController
@TransportApi
@RequestMapping("/v1/interconn/chan")
@Tag(name = "BFIA transport", description = "Algorithm containers exchange messages with their peers' containers")
class ChanController {

    private final Chan chan;
    private final ChanAnswers answers;

    ChanController(Chan chan, ChanAnswers answers) {
        this.chan = chan;
        this.answers = answers;
    }

    @PostMapping("push")
    @Operation(summary = "Send a message to a peer's container",
            description = "Headers x-ptp-session-id and x-ptp-target-node-id (the peer; this node's own id queues it "
                    + "here), topic in x-ptp-topic. The peer's node has queued it when this answers E0000000000.")
    ResponseEntity<?> push(HttpServletRequest http, @RequestBody(required = false) byte[] body) {
        return answers.answer(http, () -> {
            ChanAnswers.Request request = answers.read(http, body);
            chan.push(request.call(), request.payload());
            return ChanAnswers.NOTHING;
        });
    }

    @PostMapping("pop")
    @Operation(summary = "Take the next message from a peer, waiting for one",
            description = "x-ptp-target-node-id names the peer whose messages are read. Waits up to timeout seconds "
                    + "(default 120, at most 300); an empty content when none came.")
    DeferredResult<ResponseEntity<?>> pop(HttpServletRequest http, @RequestBody(required = false) byte[] body) {
        return answers.answerLater(http, () -> chan.pop(answers.read(http, body).call()));
    }

    @PostMapping("peek")
    @Operation(summary = "The next message from a peer, left in its queue; empty when there is none")
    ResponseEntity<?> peek(HttpServletRequest http, @RequestBody(required = false) byte[] body) {
        return answers.answer(http, () -> chan.peek(answers.read(http, body).call()));
    }

    @PostMapping("release")
    @Operation(summary = "Drop a topic's unread messages, or without a topic the whole session",
            description = "A released session answers E0000000608 afterwards.")
    ResponseEntity<?> release(HttpServletRequest http, @RequestBody(required = false) byte[] body) {
        return answers.answer(http, () -> {
            chan.release(answers.read(http, body).call());
            return ChanAnswers.NOTHING;
        });
    }
}
