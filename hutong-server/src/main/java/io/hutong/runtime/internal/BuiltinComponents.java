package io.hutong.runtime.internal;

import io.hutong.components.Intersection;
import io.hutong.core.NodeProperties;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The built-in components of hutong-components as commands: the bash demos, unpacked into the data
 * directory, and the Java ones, run by this node's own Java from its own class path.
 */
@Component
class BuiltinComponents {

    static final String INTERSECTION = "hutong/intersection:1.0.0";

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
                "hutong/handshake:1.0.0", "bash " + directory.resolve("handshake.sh"),
                INTERSECTION, java(Intersection.class));
    }

    /**
     * The command that runs a Java component with this node's Java and class path: from the node's
     * executable jar through its launcher (the classes are nested in it), else from the class path
     * as it is (a development or test run).
     */
    private static String java(Class<?> main) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        boolean bootJar = classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)
                && ClassLoader.getSystemResource("org/springframework/boot/loader/launch/PropertiesLauncher.class") != null;
        return bootJar ? java + " -Dloader.main=" + main.getName() + " -cp " + classPath
                + " org.springframework.boot.loader.launch.PropertiesLauncher"
                : java + " -cp " + classPath + " " + main.getName();
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
