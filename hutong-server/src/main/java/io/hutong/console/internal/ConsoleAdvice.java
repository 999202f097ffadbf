package io.hutong.console.internal;

import io.hutong.node.LocalNode;
import io.hutong.web.ApiException;
import io.hutong.web.ErrorKind;
import io.hutong.web.TraceIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page has (who is looking, which node this is), and every failure as a page
 * or fragment with the message the APIs would answer in their envelope's {@code msg}, never a
 * stack trace. Ahead of the APIs' advice, which answers in JSON envelopes.
 */
@ControllerAdvice(basePackages = "io.hutong.console.api")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleAdvice {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAdvice.class);

    private final LocalNode local;

    ConsoleAdvice(LocalNode local) {
        this.local = local;
    }

    @ModelAttribute("viewer")
    Viewer viewer(HttpServletRequest request) {
        return (Viewer) request.getAttribute(ConsoleInterceptor.VIEWER);
    }

    @ModelAttribute("nodeId")
    String nodeId() {
        return local.id();
    }

    @ExceptionHandler(Throwable.class)
    ModelAndView failed(Throwable error, HttpServletRequest request, HttpServletResponse response) {
        ApiException api = readable(error);
        ModelAndView page = new ModelAndView(request.getHeader("HX-Request") != null ? "console/error :: message"
                : "console/error");
        page.setStatus(api.kind().status());
        page.addObject("status", api.kind().status().value());
        page.addObject("message", api.getMessage());
        page.addObject("viewer", viewer(request));
        page.addObject("nodeId", local.id());
        if (request.getHeader("HX-Request") != null) {
            // htmx shows it where the page keeps its messages, whatever the request meant to swap
            response.setHeader("HX-Retarget", "#messages");
            response.setHeader("HX-Reswap", "innerHTML");
        }
        return page;
    }

    private static ApiException readable(Throwable error) {
        if (error instanceof ApiException api) {
            return api;
        }
        if (error instanceof MissingServletRequestParameterException missing) {
            return ApiException.invalid(missing.getParameterName(), "notNull");
        }
        if (error instanceof MethodArgumentTypeMismatchException mismatch) {
            return ApiException.invalid(mismatch.getName(), "type("
                    + (mismatch.getRequiredType() == null ? "?" : mismatch.getRequiredType().getSimpleName()) + ")");
        }
        String traceId = TraceIds.current();
        log.error("Console request failed [{}]", traceId, error);
        return new ApiException(ErrorKind.INTERNAL, "the node failed to answer this page; its log names the failure"
                + " with trace id " + traceId);
    }
}
