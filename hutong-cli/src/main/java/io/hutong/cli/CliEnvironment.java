package io.hutong.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the command reads from the world besides its arguments, so that tests can run it in their own JVM: the
 * environment variables, the home directory ({@code ~/.hutong/config} lives below it) and standard input.
 */
public record CliEnvironment(Map<String, String> variables, Path home, InputStream in) {

    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")), System.in);
    }

    String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value;
    }
}
