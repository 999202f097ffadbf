package io.hutong.runtime;

/** A task could not be started (unknown image, missing command, …). */
public class LaunchException extends RuntimeException {

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
