package se.teknikivast.minasidor.customer.benchmark;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One persistent HTTP/1.1 connection for the load generator: writes a request the caller assembled into a reused
 * buffer with a single socket write, and reads the whole response (status line, headers, a {@code Content-Length} or
 * chunked body) into reused buffers.
 *
 * <p>Why not {@code java.net.http.HttpClient}: the generator shares the machine's two cores with the service and
 * PostgreSQL. The JDK client's selector thread, futures and per-request objects cost about 0.5 ms of CPU per request,
 * a third of what the service itself needs — CPU the system under test then lacks. This is the same HTTP on the wire;
 * it only does less work around it. Not a general client: no redirects, no TLS, one request at a time.
 */
final class Http1Connection implements AutoCloseable {

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING_CHUNKED =
            "transfer-encoding: chunked".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_CLOSE = "connection: close".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private int lineStart;
    private byte[] body = new byte[16 * 1024];
    private int bodyLength;
    private boolean closeRequested;

    Http1Connection(String host, int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /**
     * Sends {@code request[0, length)} (a complete HTTP/1.1 request) and reads the response.
     *
     * @return the status code; the body is then in {@link #bodyContains}'s reach until the next exchange
     */
    int exchange(byte[] request, int length) throws IOException {
        out.write(request, 0, length);
        int lineLength = nextLine();
        // "HTTP/1.1 200 OK"
        if (lineLength < 12 || buffer[lineStart + 8] != ' ') {
            throw new IOException("not an HTTP/1.1 status line");
        }
        int status = (buffer[lineStart + 9] - '0') * 100
                + (buffer[lineStart + 10] - '0') * 10
                + (buffer[lineStart + 11] - '0');
        long contentLength = -1;
        boolean chunked = false;
        closeRequested = false;
        while ((lineLength = nextLine()) > 0) {
            if (startsWithIgnoringCase(CONTENT_LENGTH, lineLength)) {
                contentLength = parseDecimal(lineStart + CONTENT_LENGTH.length, lineStart + lineLength);
            } else if (startsWithIgnoringCase(TRANSFER_ENCODING_CHUNKED, lineLength)) {
                chunked = true;
            } else if (startsWithIgnoringCase(CONNECTION_CLOSE, lineLength)) {
                closeRequested = true;
            }
        }
        bodyLength = 0;
        if (chunked) {
            int size;
            while ((size = (int) parseHex(nextLine())) > 0) {
                readBody(size);
                nextLine(); // the CRLF after the chunk
            }
            while (nextLine() > 0) {
                // trailers, up to the empty line
            }
        } else if (contentLength > 0) {
            readBody((int) contentLength);
        }
        return status;
    }

    /** Whether the server asked to close the connection after the last response. */
    boolean closeRequested() {
        return closeRequested;
    }

    /** Whether the last response's body contains {@code needle} (ASCII). */
    boolean bodyContains(byte[] needle) {
        outer:
        for (int i = 0; i <= bodyLength - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The next line, without its CRLF, at {@code buffer[lineStart, lineStart + length)}. */
    private int nextLine() throws IOException {
        int scanned = position;
        while (true) {
            for (int i = scanned; i < limit; i++) {
                if (buffer[i] == '\n') {
                    lineStart = position;
                    position = i + 1;
                    int end = i > lineStart && buffer[i - 1] == '\r' ? i - 1 : i;
                    return end - lineStart;
                }
            }
            scanned = limit - position;
            compact();
            scanned = position + scanned;
            fill();
        }
    }

    private void readBody(int size) throws IOException {
        if (bodyLength + size > body.length) {
            var larger = new byte[Math.max(body.length * 2, bodyLength + size)];
            System.arraycopy(body, 0, larger, 0, bodyLength);
            body = larger;
        }
        int buffered = Math.min(size, limit - position);
        System.arraycopy(buffer, position, body, bodyLength, buffered);
        position += buffered;
        bodyLength += buffered;
        int missing = size - buffered;
        while (missing > 0) {
            int read = in.read(body, bodyLength, missing);
            if (read < 0) {
                throw new EOFException("connection closed in a response body");
            }
            bodyLength += read;
            missing -= read;
        }
    }

    private void compact() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            throw new IOException("response header line longer than " + buffer.length + " bytes");
        }
    }

    private void fill() throws IOException {
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            throw new EOFException("connection closed by the server");
        }
        limit += read;
    }

    private boolean startsWithIgnoringCase(byte[] prefix, int lineLength) {
        if (lineLength < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            byte b = buffer[lineStart + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private long parseDecimal(int from, int to) throws IOException {
        long value = 0;
        boolean digits = false;
        for (int i = from; i < to; i++) {
            byte b = buffer[i];
            if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
                digits = true;
            } else if (b != ' ' && b != '\t') {
                throw new IOException("bad Content-Length");
            }
        }
        if (!digits) {
            throw new IOException("empty Content-Length");
        }
        return value;
    }

    private long parseHex(int lineLength) throws IOException {
        long value = 0;
        boolean digits = false;
        for (int i = lineStart; i < lineStart + lineLength; i++) {
            int digit = Character.digit(buffer[i], 16);
            if (digit < 0) {
                break; // chunk extensions
            }
            value = value * 16 + digit;
            digits = true;
        }
        if (!digits) {
            throw new IOException("bad chunk size");
        }
        return value;
    }
}
