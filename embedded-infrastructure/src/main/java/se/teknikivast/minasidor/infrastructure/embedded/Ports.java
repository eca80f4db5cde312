package se.teknikivast.minasidor.infrastructure.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port helpers: a free port for tests, and a clear error when a fixed port is already taken. */
public final class Ports {

    private Ports() {}

    public static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on the loopback interface", e);
        }
    }

    public static boolean isListening(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a message a person can act on if something already listens on {@code port}. */
    public static void requireFree(int port, String what) {
        if (isListening(port)) {
            throw new PortInUseException(port, what);
        }
    }

    public static final class PortInUseException extends IllegalStateException {
        PortInUseException(int port, String what) {
            super(
                    "Port %d, needed for %s, is already in use. Stop whatever listens there (ss -ltnp 'sport = :%d') or choose another port."
                            .formatted(port, what, port));
        }
    }
}
