package io.hutong.transport.api;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A container's call carries its parameters in Kuscia's {@code x-ptp-*} headers, read from the request itself. */
@Configuration(proxyBeanMethods = false)
class ChanOpenApi {

    @Bean
    GlobalOperationCustomizer containerHeaders() {
        return (operation, handler) -> {
            if (handler.getBeanType() == ChanController.class) {
                header(operation, "x-ptp-session-id", true, "the task's session (config.session_id)");
                header(operation, "x-ptp-target-node-id", true, "the peer node: the receiver of a push, the sender "
                        + "whose messages a read takes");
                header(operation, "x-ptp-topic", false, "the topic (in the JSON form, its topic field)");
                header(operation, "x-ptp-token", false, "the container's config.token; not needed from "
                        + "hutong.transport.trusted-addresses");
                if (handler.getMethod().getName().equals("pop")) {
                    operation.addParametersItem(new Parameter().in("query").name("timeout").required(false)
                            .description("seconds to wait for a message (default 120, at most 300)")
                            .schema(new IntegerSchema().minimum(java.math.BigDecimal.ZERO).example(1)));
                }
            }
            return operation;
        };
    }

    private static void header(Operation operation, String name, boolean required, String description) {
        operation.addParametersItem(new Parameter().in("header").name(name).required(required).description(description)
                .schema(new StringSchema()));
    }
}
