package io.hutong.component;

import java.util.List;

/** A component as registered on this node: its description and the image that runs it. */
public record RegisteredComponent(String imageUrl, ComponentInfo info) {

    public List<String> roles() {
        return info.roleList();
    }

    /** Names of the formal inputs, in registration order (environment variable suffixes). */
    public List<String> inputNames() {
        return info.inputData() == null ? List.of() : info.inputData().stream().map(ComponentInfo.DataSpec::name).toList();
    }

    public List<String> outputNames() {
        return info.outputData() == null ? List.of() : info.outputData().stream().map(ComponentInfo.DataSpec::name).toList();
    }
}
