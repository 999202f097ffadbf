package io.hutong.cli;

/** Ends a command with one line on standard error and an exit code of {@link Exit}. */
final class CliException extends RuntimeException {

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    static CliException usage(String message) {
        return new CliException(Exit.USAGE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
