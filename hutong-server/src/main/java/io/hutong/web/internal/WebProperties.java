package io.hutong.web.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code hutong.web.*}.
 *
 * @param maxUriLength the longest path and query (HTTP 414 beyond); Tomcat reads request lines of up to
 *     {@code server.max-http-request-header-size}, so that longer ones still name their path
 * @param maxBodySize the largest request body, except where a feature declares its own
 *     {@link io.hutong.web.BodyLimit} (the transport layer's messages, FATE uploads, dataset loads)
 */
@ConfigurationProperties("hutong.web")
record WebProperties(@DefaultValue("8192") int maxUriLength, @DefaultValue("16MB") DataSize maxBodySize) {
}
