package dev.onstage.stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small HTTP/1.1 client for the stack tests, and the check that a refusal is a proper problem+json answer. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The generic detail Quarkus writes when nobody said what was wrong: not a clear answer. */
    private static final Pattern GENERIC_DETAIL = Pattern.compile("HTTP \\d{3}( .*)?");

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** An answer: status, Content-Type, the body as text (at most the first MB), and the headers. */
    record Answer(int status, String contentType, String body, Map<String, String> headers) {

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private Http() {
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param headers name, value, name, value...
     */
    static Answer send(String method, String url, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                request.header(headers[i], headers[i + 1]);
            }
        }
        return send(request.build());
    }

    static Answer get(String url, String... headers) throws IOException, InterruptedException {
        return send("GET", url, null, headers);
    }

    static Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String body;
        try (InputStream in = response.body()) {
            if (contentType.startsWith("text/event-stream")) {
                // A stream that should not have been opened: do not wait for it to end.
                body = "(an event stream)";
            } else {
                // The request timeout ends with the headers: a body that never ends must not hang the suite.
                java.util.concurrent.CompletableFuture<byte[]> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return in.readNBytes(1 << 20);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                try {
                    body = new String(read.get(60, java.util.concurrent.TimeUnit.SECONDS), StandardCharsets.UTF_8);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new IOException("the body of a " + response.statusCode() + " answer did not end: " + e, e);
                }
            }
        }
        Map<String, String> headers = new java.util.HashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                values.get(0)));
        return new Answer(response.statusCode(), contentType, body, headers);
    }

    /**
     * A POST of {@code length} bytes of 'a' over a plain socket, declared with Content-Length or sent chunked,
     * written on another thread while the answer is read (the server may answer, and close, before it has all of it).
     */
    static Answer rawPost(int port, String path, String contentType, String authorization, long length, boolean chunked)
            throws IOException, InterruptedException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            java.io.OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: " + contentType
                            + "\r\nAuthorization: " + authorization + "\r\n"
                            + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n")
                            + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] piece = new byte[64 * 1024];
                    Arrays.fill(piece, (byte) 'a');
                    for (long sent = 0; sent < length; sent += piece.length) {
                        if (chunked) {
                            out.write((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write(piece);
                        if (chunked) {
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                } catch (IOException closed) {
                    // the server answered and closed before reading everything: expected
                }
            }, "raw-post-writer");
            writer.setDaemon(true);
            writer.start();
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            String statusLine;
            Map<String, String> headers;
            do { // skip interim answers (100 Continue)
                statusLine = line(in);
                headers = new java.util.HashMap<>();
                for (String header = line(in); !header.isEmpty(); header = line(in)) {
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
                            header.substring(colon + 1).strip());
                }
            } while (statusLine.contains(" 100 "));
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            String body = "";
            if (headers.containsKey("content-length")) {
                byte[] bytes = new byte[Integer.parseInt(headers.get("content-length"))];
                in.readFully(bytes);
                body = new String(bytes, StandardCharsets.UTF_8);
            }
            return new Answer(status, headers.getOrDefault("content-type", ""), body, headers);
        }
    }

    /** One line of an HTTP head, without its CR LF. */
    static String line(java.io.InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed in the middle of the answer: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /**
     * Null when the answer is a refusal as the API promises it: one of the expected statuses (any 4xx when none are
     * given), never 5xx, {@code application/problem+json} with a title, the same status and a detail that says more
     * than "HTTP 400 Bad Request"; a 401 also carries a WWW-Authenticate challenge. Else what is wrong.
     */
    static String problem(Answer answer, int... expected) {
        if (answer.status() >= 500) {
            return "server error " + answer.status() + ": " + abbreviate(answer.body());
        }
        if (expected.length > 0 ? Arrays.stream(expected).noneMatch(s -> s == answer.status())
                : answer.status() < 400) {
            return "status " + answer.status() + ", expected "
                    + (expected.length > 0 ? Arrays.stream(expected).mapToObj(String::valueOf)
                            .collect(Collectors.joining(" or ")) : "4xx")
                    + ": " + abbreviate(answer.body());
        }
        if (!answer.contentType().startsWith("application/problem+json")) {
            return "status " + answer.status() + " with Content-Type '" + answer.contentType() + "', not problem+json: "
                    + abbreviate(answer.body());
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(answer.body());
        } catch (IOException e) {
            return "problem+json that is not JSON: " + abbreviate(answer.body());
        }
        if (problem == null || !problem.path("title").isTextual() || problem.path("title").asText().isBlank()) {
            return "problem without a title: " + abbreviate(answer.body());
        }
        if (problem.path("status").asInt() != answer.status()) {
            return "problem status " + problem.path("status") + " for HTTP " + answer.status();
        }
        String detail = problem.path("detail").asText("");
        if (detail.isBlank() || GENERIC_DETAIL.matcher(detail).matches()) {
            return "status " + answer.status() + " without a clear detail: " + abbreviate(answer.body());
        }
        if (answer.status() == 401 && answer.header("WWW-Authenticate") == null) {
            return "401 without WWW-Authenticate";
        }
        return null;
    }

    static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ');
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }

    static String query(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
