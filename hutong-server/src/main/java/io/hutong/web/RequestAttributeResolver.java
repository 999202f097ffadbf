package io.hutong.web;

import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Hands controller methods a value an interceptor resolved for the request (the current user,
 * the calling node), by its type.
 */
public class RequestAttributeResolver implements HandlerMethodArgumentResolver {

    private final Class<?> type;
    private final String attribute;
    private final String requiredMarker;

    /**
     * @param requiredMarker the controller annotation whose interceptor sets the attribute, for the error
     */
    public RequestAttributeResolver(Class<?> type, String attribute, String requiredMarker) {
        this.type = type;
        this.attribute = attribute;
        this.requiredMarker = requiredMarker;
        // not something a caller sends: the OpenAPI documents leave it out of parameters and bodies
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(type);
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == type;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
            NativeWebRequest request, WebDataBinderFactory binderFactory) {
        Object value = request.getAttribute(attribute, RequestAttributes.SCOPE_REQUEST);
        if (value == null) {
            throw new IllegalStateException(parameter.getExecutable() + " asks for a " + type.getSimpleName()
                    + " but its controller is not " + requiredMarker);
        }
        return value;
    }
}
