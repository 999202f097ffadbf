package io.hutong.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs tools of the machine ({@code openssl}, {@code python3}) for interoperability tests. */
public final class ExternalTools {

    private ExternalTools() {
    }

    /** True when the command runs ({@code openssl version}, {@code python3 --version}); tests assume it. */
    public static boolean available(String command) {
        try {
            Process probe = new ProcessBuilder(command, command.equals("openssl") ? "version" : "--version")
                    .redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs the command; returns its exit code and output (stdout and stderr together). */
    public static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs the command and expects it to succeed. */
    public static String ok(String... command) {
        Result result = run(command);
        assertThat(result.exit()).as(String.join(" ", command) + "\n" + result.output()).isZero();
        return result.output();
    }


    public record Result(int exit, String output) {
    }
}
