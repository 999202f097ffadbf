package io.hutong.account.internal;

import io.hutong.account.CurrentUser;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Hands the authenticated {@link CurrentUser} to controller methods that ask for it. */
class CurrentUserResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == CurrentUser.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
            NativeWebRequest request, WebDataBinderFactory binderFactory) {
        Object user = request.getAttribute(TokenInterceptor.CURRENT_USER, RequestAttributes.SCOPE_REQUEST);
        if (user == null) {
            throw new IllegalStateException(parameter.getExecutable() + " asks for the current user but its controller "
                    + "is neither @UserApi nor @AdminApi");
        }
        return user;
    }
}
