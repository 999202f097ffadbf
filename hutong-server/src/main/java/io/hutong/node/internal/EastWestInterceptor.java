package io.hutong.node.internal;

import io.hutong.node.CallNonce;
import io.hutong.node.EastWestApi;
import io.hutong.node.IncomingCall;
import io.hutong.node.NonceInTransaction;
import io.hutong.node.PeerCaller;
import io.hutong.node.RequestVerifier;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;

/** Checks every call to an {@link EastWestApi} controller with the {@link RequestVerifier}. */
@Component
class EastWestInterceptor implements HandlerInterceptor {

    static final String CALLER = EastWestInterceptor.class.getName() + ".caller";

    private final RequestVerifier verifier;

    EastWestInterceptor(RequestVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!(handler instanceof HandlerMethod method)
                || !AnnotatedElementUtils.hasAnnotation(method.getBeanType(), EastWestApi.class)) {
            return true;
        }
        IncomingCall call = new IncomingCall(request.getMethod(), request.getRequestURI(),
                request.getQueryString() == null ? "" : request.getQueryString(), request::getHeader, body(request));
        PeerCaller caller = method.hasMethodAnnotation(NonceInTransaction.class) ? verifier.verifyNonceLater(call)
                : verifier.verify(call);
        Optional<CallNonce.Answer> first = caller.nonce().repeatOf();
        if (first.isPresent()) {
            // an exact repeat of a call already answered: that answer again, and nothing runs twice
            response.setStatus(first.get().status());
            if (first.get().contentType() != null) {
                response.setContentType(first.get().contentType());
            }
            response.getOutputStream().write(first.get().body());
            return false;
        }
        request.setAttribute(CALLER, caller);
        return true;
    }

    /** A nonce left to the endpoint is recorded even when the endpoint failed; the answer is kept for a repeat. */
    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception failure) {
        if (request.getAttribute(CALLER) instanceof PeerCaller caller) {
            caller.nonce().settle();
            ContentCachingResponseWrapper answer = WebUtils.getNativeResponse(response,
                    ContentCachingResponseWrapper.class);
            if (answer != null) {
                caller.nonce().answered(new CallNonce.Answer(answer.getStatus(), answer.getContentType(),
                        answer.getContentAsByteArray()));
            }
        }
    }

    private static byte[] body(HttpServletRequest request) {
        var buffered = org.springframework.web.util.WebUtils.getNativeRequest(request, BufferedBody.Request.class);
        return buffered != null ? buffered.body() : new byte[0];
    }
}
