package io.hutong.interconn;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** §6.7 流程组合配置: the components of a job and how their inputs and outputs connect. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Dag(String version, List<Component> components) {

    /**
     * One component of the DAG. Kuscia sends {@code module_name} for the component name and
     * {@code code} (its app image) where others send {@code provider}; both shapes are read.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Component(String name, String componentName, String version, String provider, String code,
            String module_name, List<Port> input, List<Port> output) {

        public String resolvedName() {
            return componentName != null && !componentName.isBlank() ? componentName : module_name;
        }

        public List<Port> inputs() {
            return input == null ? List.of() : input;
        }

        public List<Port> outputs() {
            return output == null ? List.of() : output;
        }
    }

    /** An input ({@code key} = {@code <upstream name>.<output key>}) or output, with its type. */
    public record Port(String key, String type) {
    }
}
