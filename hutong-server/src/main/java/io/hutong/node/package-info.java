/**
 * This node among its peers: their addresses, the east-west HTTP client that calls them with the
 * BFIA headers, and the check of incoming east-west calls. Signing and verifying plug in at
 * {@link io.hutong.node.RequestSigner} and {@link io.hutong.node.RequestVerifier}.
 */
package io.hutong.node;
