package io.hutong.runtime.internal;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param images for the process launcher: image URL → command line (split on spaces), e.g.
 *     {@code hutong.runtime.process.images[registry/psi:2.0]=/opt/psi/run.sh}; the demo images
 *     {@code hutong/noop:1.0.0}, {@code hutong/fail:1.0.0}, {@code hutong/sleep:1.0.0} are built in
 * @param builtins how the process launcher runs the demo images: {@code process} (bash scripts) or
 *     {@code in-process} (the same components as code on a thread of the node, without a spawn)
 * @param inheritEnv variables of the node's own environment a task process also gets (the node's
 *     other variables, which may hold secrets, are not passed on)
 */
@ConfigurationProperties("hutong.runtime.process")
record RuntimeProperties(Map<String, String> images, @DefaultValue("process") Builtins builtins,
        @DefaultValue({"PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "JAVA_HOME"}) List<String> inheritEnv) {

    enum Builtins { PROCESS, IN_PROCESS }

    RuntimeProperties {
        images = images == null ? Map.of() : Map.copyOf(images);
    }
}
