package io.hutong.core;

import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Why a call to another system (a peer node, a dbc_client) failed, in words its caller can act
 * on: "connection refused", "timed out", "TLS handshake failed: …". HTTP clients often throw
 * exceptions without a message (the JDK's refused connection has none), and their messages name
 * exception classes; neither reaches a caller.
 */
public final class UpstreamFailures {

    private static final Pattern CLASS_NAME =
            Pattern.compile("(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error):?\\s*");

    private UpstreamFailures() {
    }

    /** The cause of a failed call, without the address (callers say where they called). */
    public static String cause(Throwable failure) {
        // the most telling cause first: clients wrap an unresolved host or a TLS failure in a ConnectException
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof HttpConnectTimeoutException) {
                return "timed out connecting";
            }
            if (timeout(cause)) {
                return "timed out waiting for the answer";
            }
            if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
                return "unknown host" + (cause.getMessage() == null ? "" : " " + plain(cause.getMessage()));
            }
            if (cause instanceof SSLException) {
                return "TLS handshake failed: " + innermostMessage(cause, "no reason given");
            }
        }
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (cause instanceof ConnectException) {
                return cause.getMessage() == null || cause.getMessage().isBlank() ? "connection refused"
                        : plain(cause.getMessage()).toLowerCase(Locale.ROOT);
            }
            if (cause instanceof EOFException || cause instanceof ClosedChannelException) {
                return "connection closed before the answer";
            }
        }
        return innermostMessage(failure, "the call failed");
    }

    /** Whether the call failed because the other side did not answer in time. */
    public static boolean timedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (timeout(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean timeout(Throwable cause) {
        // SocketTimeoutException and httpclient5's ConnectTimeoutException are InterruptedIOExceptions
        return cause instanceof HttpTimeoutException || cause instanceof InterruptedIOException;
    }

    private static String innermostMessage(Throwable failure, String otherwise) {
        String message = null;
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        String plain = message == null ? "" : plain(message);
        return plain.isBlank() ? otherwise : plain;
    }

    private static String plain(String message) {
        return CLASS_NAME.matcher(message).replaceAll("").strip();
    }

    private static Throwable next(Throwable cause) {
        return cause.getCause() == cause ? null : cause.getCause();
    }
}
