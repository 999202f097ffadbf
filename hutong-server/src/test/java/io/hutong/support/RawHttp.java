package io.hutong.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection: sends exactly the bytes it is given
 * (raw control characters, undecodable escapes, missing or malformed headers) that
 * {@link java.net.http.HttpClient} refuses to send, and reads whatever the server answers.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** An answer; {@code status} is 0 when the server closed the connection without one. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The media type without parameters, lower case; empty when there is none. */
        public String contentType() {
            String type = headers.getOrDefault("content-type", "");
            int semicolon = type.indexOf(';');
            return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Sends {@code method target HTTP/1.1} with {@code headers} (each value as Latin-1 bytes, so a
     * test may put any byte in it) and the body, if any, with its Content-Length. The body is
     * written on its own thread while the answer is read: a server may answer a large body
     * before it has read it.
     */
    public static Answer send(int port, String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        return exchange(port, head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
    }

    private static Answer exchange(int port, byte[] head, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(head);
                    if (body != null) {
                        for (int at = 0; at < body.length; at += 65536) {
                            out.write(body, at, Math.min(65536, body.length - at));
                        }
                    }
                    out.flush();
                } catch (IOException closedEarly) {
                    // the server answered and closed before it took the whole body; the answer is read below
                }
            }, "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer read(InputStream in) {
        try {
            return answer(in);
        } catch (IOException reset) {
            return new Answer(0, Map.of(), new byte[0]);
        }
    }

    private static Answer answer(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || statusLine.isEmpty()) {
            return new Answer(0, Map.of(), new byte[0]);
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].strip(), 16); size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
                chunks.write(in.readNBytes(size));
                line(in);
            }
            body = chunks.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Answer(status, headers, body);
    }

    /** One line without its CRLF, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
