package io.tributary.connect.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy between plain sockets: an echo server behind it, a client in front, no other server. */
class FaultProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How long a read may wait where the proxy must stay silent: long against loopback, short for a test. */
    private static final int SILENCE_MS = 700;

    private EchoServer echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = FaultProxy.to("127.0.0.1", echo.port());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void passesBytesBothWays() throws IOException {
        try (Socket client = connect()) {
            assertEquals("hello", roundTrip(client, "hello"));
            assertEquals("again", roundTrip(client, "again"));
        }
        assertEquals(1, echo.accepted.get());
        assertEquals(1, proxy.connectionsAccepted());
    }

    @Test
    void passesTheEndOfStreamOnAndClosesOnceBothSidesAreDone() throws IOException {
        try (Socket client = connect()) {
            assertEquals("bye", roundTrip(client, "bye"));
            client.shutdownOutput();
            assertEquals(-1, client.getInputStream().read(), "the echo server closed after our end of stream");
        }
        Poll.until(WAIT, "the proxy to drop the finished connection", () -> proxy.openConnections() == 0);
    }

    @Test
    void delaysEachDirection() throws IOException {
        try (Socket client = connect()) {
            roundTrip(client, "warm-up");
            proxy.delay(Duration.ofMillis(300));
            long start = System.nanoTime();
            assertEquals("slow", roundTrip(client, "slow"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 600, "a round trip takes both delays, took " + millis + " ms");
            assertTrue(millis < 5_000, "and not much more, took " + millis + " ms");

            proxy.pass();
            start = System.nanoTime();
            roundTrip(client, "fast");
            millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 300, "pass() ends the delay, took " + millis + " ms");
        }
    }

    @Test
    void delayKeepsTheOrderOfBytes() throws IOException {
        proxy.delay(Duration.ofMillis(50));
        try (Socket client = connect()) {
            StringBuilder sent = new StringBuilder();
            OutputStream out = client.getOutputStream();
            for (int i = 0; i < 200; i++) {
                String part = i + ",";
                sent.append(part);
                out.write(part.getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            assertEquals(sent.toString(), read(client, sent.length()));
        }
    }

    @Test
    void resetSendsRstToBothSidesAndLetsNewConnectionsThrough() throws IOException {
        try (Socket client = connect()) {
            roundTrip(client, "before");
            proxy.reset();
            SocketException reset = assertThrows(SocketException.class, () -> {
                client.getOutputStream().write('x');
                client.getInputStream().read();
            });
            assertTrue(reset.getMessage().toLowerCase().contains("reset"), reset.getMessage());
            Poll.until(WAIT, "the echo server to see the reset", () -> echo.endings.contains("reset"));
        }
        try (Socket client = connect()) {
            assertEquals("after", roundTrip(client, "after"));
        }
    }

    @Test
    void blackHoleExistingSilencesOpenConnectionsForGoodWhileNewOnesPass() throws IOException {
        try (Socket old = connect()) {
            roundTrip(old, "before");
            proxy.blackHoleExisting();
            assertSilent(old, "lost");
            try (Socket fresh = connect()) {
                assertEquals("fresh", roundTrip(fresh, "fresh"));
            }
            proxy.pass();
            assertSilent(old, "still lost");
            assertFalse(old.isInputShutdown(), "nothing told the client");
            assertFalse(echo.endings.contains("reset"), "nothing reset the server side: " + echo.endings);
        }
        assertEquals(2, echo.accepted.get());
    }

    @Test
    void blackHoleAcceptsNewConnectionsButNeitherReachesTheServerNorAnswersUntilPass() throws IOException {
        try (Socket old = connect()) {
            roundTrip(old, "before");
            proxy.blackHole();
            assertSilent(old, "lost");
            try (Socket newcomer = connect()) {
                assertSilent(newcomer, "into the hole");
            }
            assertEquals(1, echo.accepted.get(), "the server never heard of the connection opened in the hole");
            assertEquals(2, proxy.connectionsAccepted());

            proxy.pass();
            try (Socket healed = connect()) {
                assertEquals("healed", roundTrip(healed, "healed"));
            }
            assertSilent(old, "still lost");
        }
    }

    @Test
    void aSilentConnectionThatTheClientClosesIsNotClosedTowardsTheServer() throws IOException {
        Socket client = connect();
        roundTrip(client, "before");
        proxy.blackHoleExisting();
        client.close();
        // the server side stays open: a failover or a NAT drop tells the server nothing either
        Poll.until(WAIT, "the proxy to notice the client left", () -> proxy.openConnections() == 1);
        assertTrue(echo.endings.isEmpty(), "the echo server saw " + echo.endings);
        proxy.close();
        Poll.until(WAIT, "the echo server to see the proxy close", () -> !echo.endings.isEmpty());
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(proxy.host(), proxy.port());
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return read(socket, text.length());
    }

    private static String read(Socket socket, int length) throws IOException {
        byte[] bytes = new byte[length];
        InputStream in = socket.getInputStream();
        int read = 0;
        while (read < length) {
            int count = in.read(bytes, read, length - read);
            if (count < 0) {
                throw new IOException("end of stream after " + read + " bytes");
            }
            read += count;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Sends and hears nothing back within SILENCE_MS: no answer, no end of stream, no reset. */
    private static void assertSilent(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(SILENCE_MS);
        try {
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read(new byte[16]));
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    /** Echoes every connection's bytes back; records how each connection ended ("eof" or "reset"). */
    private static final class EchoServer implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();
        private final List<String> endings = new CopyOnWriteArrayList<>();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        EchoServer() throws IOException {
            Thread acceptor = new Thread(this::accept, "echo-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    accepted.incrementAndGet();
                    sockets.add(socket);
                    Thread echo = new Thread(() -> echo(socket), "echo-" + accepted.get());
                    echo.setDaemon(true);
                    echo.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void echo(Socket socket) {
            byte[] buffer = new byte[1024];
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                int count;
                while ((count = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, count);
                    out.flush();
                }
                endings.add("eof");
            } catch (IOException e) {
                endings.add(e.getMessage() != null && e.getMessage().toLowerCase().contains("reset") ? "reset"
                        : "error: " + e.getMessage());
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
