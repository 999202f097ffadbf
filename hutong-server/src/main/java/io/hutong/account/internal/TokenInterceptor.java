package io.hutong.account.internal;

import io.hutong.account.AdminApi;
import io.hutong.account.CurrentUser;
import io.hutong.account.UserApi;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Checks the {@code token} header of every {@link UserApi} and {@link AdminApi} endpoint. */
@Component
class TokenInterceptor implements HandlerInterceptor {

    static final String CURRENT_USER = TokenInterceptor.class.getName() + ".user";

    private final TokenService tokens;

    TokenInterceptor(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        Class<?> type = method.getBeanType();
        boolean admin = AnnotatedElementUtils.hasAnnotation(type, AdminApi.class);
        if (!admin && !AnnotatedElementUtils.hasAnnotation(type, UserApi.class)) {
            return true;
        }
        CurrentUser user = tokens.authenticate(request.getHeader("token"));
        if (admin && !user.admin()) {
            throw new ApiException(ErrorKind.FORBIDDEN, "请求未授权: this API needs an admin token");
        }
        request.setAttribute(CURRENT_USER, user);
        return true;
    }
}
