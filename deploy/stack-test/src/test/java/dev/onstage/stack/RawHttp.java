package dev.onstage.stack;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over plain sockets from a chosen loopback address (127.0.0.2, 127.0.0.3, ...): each kind of bad client of
 * the abuse suite comes from its own address, as a crowd would, which java.net.http cannot do (no local address).
 */
final class RawHttp {

    private RawHttp() {
    }

    /** A connection from {@code from} to the service on 127.0.0.1:{@code port}. */
    static Socket connect(String from, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
        return socket;
    }

    /**
     * One request without a body (Content-Length: 0 for methods that may carry one) and its answer, on a connection
     * of its own.
     *
     * @param headers name, value, name, value...
     */
    static Http.Answer exchange(String from, int port, String method, String path, String... headers)
            throws IOException {
        try (Socket socket = connect(from, port)) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(head(port, method, path, !method.equals("GET"), headers));
            return readAnswer(socket.getInputStream());
        }
    }

    /** The request line and headers, Connection: close, and Content-Length: 0 when {@code emptyBody}. */
    static byte[] head(int port, String method, String path, boolean emptyBody, String... headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                .append(port).append("\r\nConnection: close\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (emptyBody) {
            head.append("Content-Length: 0\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the status line, headers and (with a Content-Length) the body of one answer; skips 100 Continue. */
    static Http.Answer readAnswer(InputStream stream) throws IOException {
        InputStream in = new BufferedInputStream(stream);
        String statusLine;
        Map<String, String> headers;
        do {
            statusLine = Http.line(in);
            headers = new HashMap<>();
            for (String header = Http.line(in); !header.isEmpty(); header = Http.line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
            }
        } while (statusLine.contains(" 100 "));
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        String body = "";
        if (headers.containsKey("content-length")) {
            body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
        }
        return new Http.Answer(status, headers.getOrDefault("content-type", ""), body, headers);
    }

    /** Writes {@code bytes} fully, as one write. */
    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
    }
}
