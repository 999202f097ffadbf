package io.hutong.node;

import java.util.Map;

/**
 * An east-west request about to be sent: what a {@link RequestSigner} signs and adds headers to.
 *
 * @param jobId the BFIA job the call is about, when it is one of a job's messages; else null
 * @param query the query string without {@code ?}, or empty
 * @param headers the x-* headers already set; the signer adds its own
 * @param body the exact body bytes that will be sent
 */
public record OutgoingCall(String targetNode, String jobId, String method, String path, String query,
        Map<String, String> headers, byte[] body) {
}
