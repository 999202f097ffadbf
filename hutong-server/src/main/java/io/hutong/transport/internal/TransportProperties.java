package io.hutong.transport.internal;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code hutong.transport.*}; the defaults are Kuscia's, which the standard leaves open.
 *
 * @param sessionBuffer how many bytes one session's unread messages may hold
 * @param maxMessage the largest message a push or invoke takes
 * @param sessionExpiry a session nobody pushed to or read from for this long is forgotten (released if
 *     it held unread messages)
 * @param releasedMemory how long a released session's id is answered "released" (E0000000608)
 * @param defaultTimeout how long a pop waits when the call names no timeout
 * @param maxTimeout the longest wait a pop may ask for
 * @param trustedAddresses addresses whose containers need no token (tasks launched on this machine)
 * @param sessionsPerPeer in how many sessions one peer node may have messages waiting here
 * @param sweep how often idle sessions are looked for
 */
@ConfigurationProperties("hutong.transport")
record TransportProperties(@DefaultValue("60MB") DataSize sessionBuffer, @DefaultValue("128MB") DataSize maxMessage,
        @DefaultValue("600s") Duration sessionExpiry, @DefaultValue("1800s") Duration releasedMemory,
        @DefaultValue("120s") Duration defaultTimeout, @DefaultValue("300s") Duration maxTimeout,
        @DefaultValue({"127.0.0.1", "0:0:0:0:0:0:0:1", "::1"}) List<String> trustedAddresses,
        @DefaultValue("256") int sessionsPerPeer, @DefaultValue("30s") Duration sweep) {
}
