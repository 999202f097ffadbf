package io.hutong.node.internal;

import io.hutong.node.EastWestApi;
import io.hutong.node.IncomingCall;
import io.hutong.node.NonceInTransaction;
import io.hutong.node.PeerCaller;
import io.hutong.node.RequestVerifier;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Checks every call to an {@link EastWestApi} controller with the {@link RequestVerifier}. */
@Component
class EastWestInterceptor implements HandlerInterceptor {

    static final String CALLER = EastWestInterceptor.class.getName() + ".caller";

    private final RequestVerifier verifier;

    EastWestInterceptor(RequestVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)
                || !AnnotatedElementUtils.hasAnnotation(method.getBeanType(), EastWestApi.class)) {
            return true;
        }
        IncomingCall call = new IncomingCall(request.getMethod(), request.getRequestURI(),
                request.getQueryString() == null ? "" : request.getQueryString(), request::getHeader, body(request));
        PeerCaller caller = method.hasMethodAnnotation(NonceInTransaction.class) ? verifier.verifyNonceLater(call)
                : verifier.verify(call);
        request.setAttribute(CALLER, caller);
        return true;
    }

    /** A nonce left to the endpoint is recorded even when the endpoint failed. */
    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception failure) {
        if (request.getAttribute(CALLER) instanceof PeerCaller caller) {
            caller.nonce().settle();
        }
    }

    private static byte[] body(HttpServletRequest request) {
        var buffered = org.springframework.web.util.WebUtils.getNativeRequest(request, BufferedBody.Request.class);
        return buffered != null ? buffered.body() : new byte[0];
    }
}
