package se.teknikivast.minasidor.system.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load generator's browser: one customer's cookie jar and one persistent HTTP/1.1 connection to the gateway from
 * the customer's own client address, following redirects as a browser does (301/302/303 → GET).
 *
 * <p>Why not {@code java.net.http.HttpClient}: the generator shares the machine's two cores with the whole stack. A
 * JDK client per customer (each customer needs its own cookie handler and local address) costs a selector thread,
 * futures and per-request objects — 14–21 ms of CPU per registration in the first runs, a fifth of what the stack
 * itself needed, taken from the system under test. This sends the same requests on the wire with far less work around
 * them. Not a general client: one origin, plain HTTP, one request at a time on one connection, as a browser that
 * fetches a page's stylesheet, scripts and logo one after another on its connection.
 */
final class LeanBrowser implements AutoCloseable {

    /** A response after redirects: its status, the path it came from (without the query) and its body as text. */
    record Page(int status, String path, String body) {}

    private static final int MAX_REDIRECTS = 10;

    private final InetAddress localAddress;
    private final String host;
    private final int port;
    private final String origin;
    private final Map<String, Cookie> cookies = new LinkedHashMap<>();
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private record Cookie(String value, String path) {}

    private record Response(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            var values = headers.get(name);
            return values == null ? null : values.getFirst();
        }
    }

    LeanBrowser(InetAddress localAddress, URI origin) {
        this.localAddress = localAddress;
        this.host = origin.getHost();
        this.port = origin.getPort();
        this.origin = origin.getScheme() + "://" + origin.getAuthority();
    }

    Page get(String path) throws IOException {
        return follow("GET", path, null);
    }

    /** A form POST as the page's own form sends it (same-origin {@code Origin}), then the redirects after it. */
    Page post(String path, String form) throws IOException {
        return follow("POST", path, form);
    }

    /** A sub-resource (stylesheet, script, image): its status; the body is read and dropped. */
    int fetch(String path) throws IOException {
        return exchange("GET", path, null).status();
    }

    private Page follow(String method, String path, String form) throws IOException {
        var response = exchange(method, path, form);
        for (int redirects = 0; isRedirect(response.status()); redirects++) {
            if (redirects == MAX_REDIRECTS) {
                throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + stripQuery(path));
            }
            path = sameOriginPath(response.header("location"));
            response = exchange("GET", path, null);
        }
        return new Page(response.status(), stripQuery(path), new String(response.body(), StandardCharsets.UTF_8));
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303;
    }

    private String sameOriginPath(String location) throws IOException {
        if (location == null) {
            throw new IOException("a redirect without Location");
        }
        if (location.startsWith("/")) {
            return location;
        }
        if (location.startsWith(origin + "/")) {
            return location.substring(origin.length());
        }
        throw new IOException("a redirect away from " + origin);
    }

    private static String stripQuery(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private Response exchange(String method, String path, String form) throws IOException {
        var request = request(method, path, form);
        boolean fresh = socket == null;
        if (fresh) {
            connect();
        }
        try {
            out.write(request);
            return read(method);
        } catch (EOFException e) {
            // The server closed an idle kept-alive connection before our request: open a new one once, as a browser
            // does. Only for a GET, which is safe to send again; a POST's failure is the customer's failure.
            close();
            if (fresh || !method.equals("GET")) {
                throw e;
            }
            connect();
            out.write(request);
            return read(method);
        }
    }

    private byte[] request(String method, String path, String form) {
        var head = new StringBuilder(256)
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\nHost: ")
                .append(host)
                .append(':')
                .append(port)
                .append("\r\nUser-Agent: mina-sidor-benchmark\r\nAccept-Language: sv-SE,sv;q=0.9\r\n");
        var cookieHeader = cookieHeader(stripQuery(path));
        if (!cookieHeader.isEmpty()) {
            head.append("Cookie: ").append(cookieHeader).append("\r\n");
        }
        byte[] body = form == null ? null : form.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Origin: ")
                    .append(origin)
                    .append("\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
                    .append(body.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        var headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        if (body == null) {
            return headBytes;
        }
        var all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    private void connect() throws IOException {
        var connection = new Socket();
        try {
            connection.setTcpNoDelay(true);
            connection.bind(new InetSocketAddress(localAddress, 0));
            connection.connect(new InetSocketAddress(host, port), 10_000);
            connection.setSoTimeout(30_000);
            socket = connection;
            in = new BufferedInputStream(connection.getInputStream(), 16 * 1024);
            out = connection.getOutputStream();
        } catch (IOException e) {
            connection.close();
            throw e;
        }
    }

    private Response read(String method) throws IOException {
        var statusLine = line();
        if (statusLine == null) {
            throw new EOFException("connection closed by the server");
        }
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        var headers = new LinkedHashMap<String, List<String>>();
        String line;
        while ((line = line()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(
                                line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
        }
        if (line == null) {
            throw new EOFException("connection closed in the response headers");
        }
        var response = new Response(status, headers, body(method, status, headers));
        var setCookies = headers.get("set-cookie");
        if (setCookies != null) {
            setCookies.forEach(this::store);
        }
        if ("close".equalsIgnoreCase(response.header("connection"))) {
            close();
        }
        return response;
    }

    private byte[] body(String method, int status, Map<String, List<String>> headers) throws IOException {
        if (method.equals("HEAD") || status == 204 || status == 304) {
            return new byte[0];
        }
        var transferEncoding = headers.get("transfer-encoding");
        if (transferEncoding != null && transferEncoding.getLast().equalsIgnoreCase("chunked")) {
            var body = new ByteArrayOutputStream();
            while (true) {
                var sizeLine = line();
                if (sizeLine == null) {
                    throw new EOFException("connection closed in a chunked body");
                }
                int extension = sizeLine.indexOf(';');
                int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
                if (size == 0) {
                    String trailer;
                    while ((trailer = line()) != null && !trailer.isEmpty()) {
                        // trailers, up to the empty line
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(size));
                line(); // the CRLF after the chunk
            }
        }
        var contentLength = headers.get("content-length");
        if (contentLength != null) {
            int length = Integer.parseInt(contentLength.getFirst());
            var body = in.readNBytes(length);
            if (body.length < length) {
                throw new EOFException("connection closed in a response body");
            }
            return body;
        }
        // Neither: the body ends when the server closes the connection.
        var body = in.readAllBytes();
        close();
        return body;
    }

    /** A header line (ISO-8859-1) without its CRLF, or null at the end of the stream. */
    private String line() throws IOException {
        var line = new StringBuilder(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
        return line.isEmpty() ? null : line.toString();
    }

    /**
     * Keeps a cookie as a browser does for this one origin: sent back on requests under its Path, {@code Secure}
     * ones too (browsers treat http://localhost as secure), forgotten on {@code Max-Age=0} or an expiry in 1970.
     */
    private void store(String setCookie) {
        var parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return;
        }
        var name = parts[0].substring(0, eq).trim();
        var path = "/";
        boolean expired = false;
        for (int i = 1; i < parts.length; i++) {
            var attribute = parts[i].trim();
            var lower = attribute.toLowerCase(Locale.ROOT);
            if (lower.startsWith("path=")) {
                path = attribute.substring(5);
            } else if (lower.equals("max-age=0") || lower.startsWith("expires=thu, 01 jan 1970")) {
                expired = true;
            }
        }
        if (expired) {
            cookies.remove(name);
        } else {
            cookies.put(name, new Cookie(parts[0].substring(eq + 1).trim(), path));
        }
    }

    private String cookieHeader(String path) {
        var header = new StringBuilder();
        cookies.forEach((name, cookie) -> {
            if (path.startsWith(cookie.path())) {
                header.append(header.isEmpty() ? "" : "; ")
                        .append(name)
                        .append('=')
                        .append(cookie.value());
            }
        });
        return header.toString();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            var closing = socket;
            socket = null;
            in = null;
            out = null;
            closing.close();
        }
    }
}
