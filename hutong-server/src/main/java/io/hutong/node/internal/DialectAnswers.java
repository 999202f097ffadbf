package io.hutong.node.internal;

import io.hutong.node.EastWestApi;
import io.hutong.node.PeerCaller;
import io.hutong.node.PeerDialect;
import io.hutong.node.Peers;
import io.hutong.web.BfiaResponse;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * A successful east-west answer in the caller's dialect: Kuscia takes only code 200 (with its
 * {@code msg} empty), FATE-Flow only 0 with {@code msg} "success", as Hutong answers itself.
 * Refusals keep their HTTP status, which both read as a failure.
 */
@ControllerAdvice(annotations = EastWestApi.class)
class DialectAnswers implements ResponseBodyAdvice<Object> {

    private final Peers peers;

    DialectAnswers(Peers peers) {
        this.peers = peers;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (!(body instanceof BfiaResponse<?> answer) || answer.code() != 0
                || !(request instanceof ServletServerHttpRequest servlet)
                || !(servlet.getServletRequest().getAttribute(EastWestInterceptor.CALLER) instanceof PeerCaller caller)) {
            return body;
        }
        return peers.dialectOf(caller.nodeId()) == PeerDialect.KUSCIA
                ? new BfiaResponse<>(PeerDialect.KUSCIA.successCode(), "", answer.data()) : body;
    }
}
