package io.hutong.node.internal;

import io.hutong.node.PeerCaller;
import io.hutong.node.PeerDialect;
import io.hutong.node.Peers;
import io.hutong.web.BfiaResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * An east-west answer in the caller's dialect. Kuscia takes success only as code 200 (with its
 * {@code msg} empty) and answers its refusals with HTTP 200, {@code code} and {@code msg} and
 * {@code data} null; FATE-Flow takes success only as code 0 with {@code msg} "success", as Hutong
 * answers itself, and answers its refusals with HTTP 200, {@code code} and {@code message}. A
 * refusal keeps its code (400, 403, 404, 409), which both read as a failure. Calls refused before
 * the caller is known (its verification) are answered in Hutong's form.
 */
@ControllerAdvice
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
        if (!(body instanceof BfiaResponse<?> answer) || !(request instanceof ServletServerHttpRequest servlet)
                || !(servlet.getServletRequest().getAttribute(EastWestInterceptor.CALLER) instanceof PeerCaller caller)) {
            return body;
        }
        PeerDialect dialect = peers.dialectOf(caller.nodeId());
        if (dialect == PeerDialect.HUTONG) {
            return body;
        }
        if (answer.code() == 0) {
            return dialect == PeerDialect.KUSCIA ? new BfiaResponse<>(dialect.successCode(), "", answer.data()) : body;
        }
        response.setStatusCode(HttpStatus.OK);
        Map<String, Object> refusal = new LinkedHashMap<>();
        refusal.put("code", answer.code());
        if (dialect == PeerDialect.KUSCIA) {
            refusal.put("msg", answer.msg());
            refusal.put("data", null);
        } else {
            refusal.put("message", answer.msg());
            if (answer.data() != null) {
                refusal.put("data", answer.data());
            }
        }
        return refusal;
    }
}
