package io.hutong.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.web.ApiException;
import io.hutong.web.TextLimit;
import jakarta.servlet.DispatcherType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

class InputPolicyInterceptorTest {

    static class Controller {
        void get(@PathVariable String id, @RequestParam(name = "requestBody") @TextLimit(4096) String body,
                @RequestHeader(name = "x-ptp-topic", required = false) String topic) {
        }
    }

    private final InputPolicyInterceptor interceptor = new InputPolicyInterceptor();

    private Map<String, List<String>> refused(String query, String id) throws Exception {
        return refused(query, id, null);
    }

    private Map<String, List<String>> refused(String query, String id, String topic) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/x/" + id);
        request.setQueryString(query);
        if (topic != null) {
            request.addHeader("x-ptp-topic", topic);
        }
        request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("id", id));
        HandlerMethod handler = new HandlerMethod(new Controller(),
                Controller.class.getDeclaredMethod("get", String.class, String.class, String.class));
        try {
            interceptor.preHandle(request, new MockHttpServletResponse(), handler);
            return Map.of();
        } catch (ApiException refusal) {
            return refusal.violations();
        }
    }

    @Test
    void queryValuesAreDecodedStrictly() throws Exception {
        assertThat(refused("a=%ZZ", "1")).containsEntry("a", List.of("encoding(percent-encoded UTF-8)"));
        assertThat(refused("a=%C3%28", "1")).containsEntry("a", List.of("encoding(percent-encoded UTF-8)"));
        assertThat(refused("a=%E4%B8%AD+b&c=d", "1")).isEmpty();
        assertThat(InputPolicyInterceptor.decode("%E4%B8%AD+b")).isEqualTo("中 b");
    }

    @Test
    void everyQueryAndPathValueIsHeldToTheTextRules() throws Exception {
        assertThat(refused("undeclared=a%00b", "1")).containsEntry("undeclared", List.of("noNul"));
        assertThat(refused(null, "a".repeat(1025))).containsEntry("id", List.of("maxLength(1024)"));
        assertThat(refused("requestBody=" + "b".repeat(4096), "1")).isEmpty();
        assertThat(refused("requestBody=" + "b".repeat(4097), "1"))
                .containsEntry("requestBody", List.of("maxLength(4096)"));
    }

    @Test
    void aHeaderTheControllerBindsIsHeldToTheLimitToo() throws Exception {
        assertThat(refused(null, "1", "t".repeat(1024))).isEmpty();
        assertThat(refused(null, "1", "t".repeat(1025))).containsEntry("x-ptp-topic", List.of("maxLength(1024)"));
    }

    @Test
    void theErrorPagesOwnDispatchIsLetThrough() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setDispatcherType(DispatcherType.ERROR);
        request.setQueryString("a=%00");
        HandlerMethod handler = new HandlerMethod(new Controller(),
                Controller.class.getDeclaredMethod("get", String.class, String.class, String.class));
        assertThat(interceptor.preHandle(request, new MockHttpServletResponse(), handler)).isTrue();
        assertThat(refused("a=%00", "1")).containsEntry("a", List.of("noNul"));
    }
}
