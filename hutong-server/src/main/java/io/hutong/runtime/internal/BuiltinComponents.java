package io.hutong.runtime.internal;

import io.hutong.core.NodeProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The demo components of hutong-components, unpacked into the data directory so processes can run them. */
@Component
class BuiltinComponents {

    private static final List<String> SCRIPTS = List.of("contract.sh", "noop.sh", "fail.sh", "sleep.sh", "handshake.sh");

    private final Path directory;

    BuiltinComponents(NodeProperties node) {
        this.directory = node.dataDir().toAbsolutePath().normalize().resolve("components");
        unpack();
    }

    /** The images these scripts serve and their commands. */
    Map<String, String> images() {
        return Map.of(
                "hutong/noop:1.0.0", "bash " + directory.resolve("noop.sh"),
                "hutong/fail:1.0.0", "bash " + directory.resolve("fail.sh"),
                "hutong/sleep:1.0.0", "bash " + directory.resolve("sleep.sh"),
                "hutong/handshake:1.0.0", "bash " + directory.resolve("handshake.sh"));
    }

    private void unpack() {
        try {
            Files.createDirectories(directory);
            for (String script : SCRIPTS) {
                try (InputStream in = BuiltinComponents.class.getResourceAsStream("/io/hutong/components/" + script)) {
                    if (in == null) {
                        throw new IllegalStateException("hutong-components is not on the class path: " + script);
                    }
                    Path target = directory.resolve(script);
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().setExecutable(true, false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack the built-in components into " + directory, e);
        }
    }
}
