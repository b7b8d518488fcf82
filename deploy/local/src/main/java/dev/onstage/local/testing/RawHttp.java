package dev.onstage.local.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 over a plain socket, for what HTTP clients will not do: keep sending a chunked body while reading the
 * answer. The body gates of both services (issue 15, item 1) must answer such a request before its body has arrived.
 */
public final class RawHttp {

    /** The size of each chunk sent. */
    public static final int PIECE = 64 * 1024;

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

    private RawHttp() {
    }

    /**
     * @param sentWhenAnswered body bytes sent when the answer's head had arrived
     * @param millis           from the connection to the answer's head
     * @param closed           whether the server closed the connection after the answer
     */
    public record Answer(int status, String head, String body, long sentWhenAnswered, long millis, boolean closed) {

        /** A problem+json answer with this status, after which the server closed the connection (reading no more). */
        public boolean isRefusal(int expectedStatus) {
            String lowerHead = head.toLowerCase(Locale.ROOT);
            return status == expectedStatus && lowerHead.contains("content-type: application/problem+json")
                    && lowerHead.contains("connection: close") && body.contains("\"status\":" + expectedStatus)
                    && body.contains("\"detail\"") && closed;
        }
    }

    /**
     * Sends the head and one chunk of a chunked body, then waits for the answer before sending more: a server that
     * read the whole body before answering would never answer.
     */
    public static Answer oneChunkThenWait(int port, String method, String path, String... headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(chunkedHead(method, path, headers));
            writeChunk(out);
            out.flush();
            Answer answer = read(socket.getInputStream(), () -> PIECE, start);
            try { // the rest of the body, after the answer: the server has closed the connection
                for (int i = 0; i < 16; i++) {
                    writeChunk(out);
                }
            } catch (IOException closed) {
                // expected
            }
            return answer;
        }
    }

    /**
     * Sends a chunked body of {@code pieces} chunks at about 3 MB/s (as {@code curl --limit-rate 3M} would), and
     * reads the answer meanwhile; {@link Answer#sentWhenAnswered} is how much had been sent when it came.
     */
    public static Answer blast(int port, String method, String path, int pieces, String... headers)
            throws IOException, InterruptedException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            AtomicLong sent = new AtomicLong();
            AtomicBoolean answered = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                try {
                    out.write(chunkedHead(method, path, headers));
                    for (int i = 0; i < pieces && !answered.get(); i++) {
                        writeChunk(out);
                        sent.addAndGet(PIECE);
                        Thread.sleep(20);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                    // the server answered and closed the connection: expected
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            writer.start();
            Answer answer = read(socket.getInputStream(), sent::get, start);
            answered.set(true);
            socket.close();
            writer.join(10_000);
            return answer;
        }
    }

    private static byte[] chunkedHead(String method, String path, String... headers) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void writeChunk(OutputStream out) throws IOException {
        byte[] piece = new byte[PIECE];
        Arrays.fill(piece, (byte) ' ');
        out.write((Integer.toHexString(PIECE) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(piece);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** The status line, headers and body (by Content-Length); then whether the server closed the connection. */
    private static Answer read(InputStream in, LongSupplier sentNow, long start) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long sent = sentNow.getAsLong();
        Matcher length = CONTENT_LENGTH.matcher(head);
        String body = length.find() ? new String(in.readNBytes(Integer.parseInt(length.group(1))),
                StandardCharsets.UTF_8) : "";
        boolean closed;
        try {
            closed = in.read() < 0;
        } catch (SocketTimeoutException open) {
            closed = false;
        } catch (IOException reset) {
            closed = true;
        }
        String status = head.length() > 12 ? head.substring(9, 12) : "0";
        return new Answer(Integer.parseInt(status), head.toString(), body, sent, millis, closed);
    }
}
