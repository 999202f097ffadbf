package io.hutong.transport.api;

import io.hutong.node.EastWestApi;
import io.hutong.node.PeerCaller;
import io.hutong.transport.internal.Chan;
import io.hutong.transport.internal.ChanAnswers;
import io.hutong.web.TransportApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A peer node hands over a message for a container of this node (§2.2 of the transport document).
 * The body is the message; session and topic come in the query (Hutong's calls, where the
 * signature covers them) or in {@code x-ptp-session-id} and {@code x-ptp-topic} (Kuscia's).
 * {@code transport} takes one message per call, as Kuscia's does.
 */
@RestController
@TransportApi
@EastWestApi
@RequestMapping("/v1/interconn/chan")
@Tag(name = "BFIA transport", description = "Algorithm containers exchange messages with their peers' containers")
class ChanInvokeController {

    private final Chan chan;
    private final ChanAnswers answers;

    ChanInvokeController(Chan chan, ChanAnswers answers) {
        this.chan = chan;
        this.answers = answers;
    }

    @PostMapping({"invoke", "transport"})
    @Operation(summary = "A peer node's message for a container here",
            description = "Queued under <calling node>-<topic> in the session; answered with a protobuf TransportOutbound.")
    ResponseEntity<?> invoke(PeerCaller caller,
            @RequestParam(name = "session_id", required = false) String sessionInQuery,
            @RequestParam(name = "topic", required = false) String topicInQuery,
            @RequestHeader(name = "x-ptp-session-id", required = false) String sessionHeader,
            @RequestHeader(name = "x-ptp-topic", required = false) String topicHeader,
            @RequestBody(required = false) byte[] body) {
        return answers.answerPeer(() -> {
            chan.invoke(caller.nodeId(), Chan.signedOrHeader(sessionInQuery, sessionHeader, "session_id", "x-ptp-session-id"),
                    Chan.signedOrHeader(topicInQuery, topicHeader, "topic", "x-ptp-topic"),
                    body == null ? ChanAnswers.NOTHING : body);
            return ChanAnswers.NOTHING;
        });
    }
}
