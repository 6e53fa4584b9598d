package io.tributary.connect.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on loopback between a client under test and one server, which a test turns into a bad network:
 * a slow link, connections reset, or a black hole. Point the client at {@link #host()}:{@link #port()}
 * instead of the server.
 *
 * <p>The faults, each applied at once:
 * <ul>
 *   <li>{@link #pass()}: bytes flow both ways as they come. This heals a black hole for connections opened
 *       from now on; connections that fell into it stay silent (their bytes are lost, as after a failover).</li>
 *   <li>{@link #delay(Duration)}: every chunk of bytes is forwarded that much later, both ways, on open and new
 *       connections (latency, not bandwidth).</li>
 *   <li>{@link #reset()}: every open connection is reset on both sides (RST, no FIN), as by a firewall or a
 *       server that crashed; new connections are treated as before.</li>
 *   <li>{@link #blackHoleExisting()}: every open connection goes silent for good, both ways, while new
 *       connections pass: what a NAT that forgot an idle connection, or a failover without RST, looks like.
 *       Nothing is closed, so neither side learns of it except by a timeout.</li>
 *   <li>{@link #blackHole()}: the same for open connections, and new ones are accepted but never reach the
 *       server and never hear anything back, until {@link #pass()}.</li>
 * </ul>
 *
 * <p>A silent connection is one whose bytes the proxy reads and drops in both directions; it never writes to
 * or closes either side (only a side that closed itself is closed). Two limits of a proxy in user space: the
 * kernel completes a new connection's TCP handshake even in a black hole (so a client sees a read or login
 * timeout there, not a connect timeout), and it answers TCP keep-alive probes for the silent server, so
 * keep-alive alone cannot detect a black hole made by this proxy; a read timeout can.
 *
 * <p>One thread per direction reads and one writes, per connection: simple and enough for the few connections
 * a connector opens.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int CHUNK = 64 * 1024;

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean blackHoled;
    private volatile long delayNanos;
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-" + port() + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code host:port}, passing traffic, listening on a free loopback port. */
    public static FaultProxy to(String host, int port) {
        try {
            return new FaultProxy(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on a loopback port", e);
        }
    }

    /** The address clients connect to instead of the server's: the loopback address. */
    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far, including those black-holed: a client that reconnected shows here. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Connections still open on at least one side. */
    public int openConnections() {
        return links.size();
    }

    /** Forwards without delay; new connections pass again after {@link #blackHole()}. */
    public synchronized void pass() {
        delayNanos = 0;
        blackHoled = false;
        LOG.info("Fault proxy :{} -> {}: pass", port(), target);
    }

    /** Forwards every chunk {@code delay} late, each way: a round trip takes twice that longer. */
    public synchronized void delay(Duration delay) {
        delayNanos = delay.toNanos();
        blackHoled = false;
        LOG.info("Fault proxy :{} -> {}: delay {} ms each way", port(), target, delay.toMillis());
    }

    /** Resets every open connection on both sides (RST); new connections are treated as before. */
    public synchronized void reset() {
        int count = 0;
        for (Link link : links) {
            link.abort();
            count++;
        }
        LOG.info("Fault proxy :{} -> {}: reset {} connection(s)", port(), target, count);
    }

    /** Silences every open connection for good, both ways, without closing it; new connections pass. */
    public synchronized void blackHoleExisting() {
        int count = silenceAll();
        LOG.info("Fault proxy :{} -> {}: black-holed {} open connection(s); new ones pass", port(), target, count);
    }

    /** Silences every open connection for good and every new one until {@link #pass()}. */
    public synchronized void blackHole() {
        blackHoled = true;
        int count = silenceAll();
        LOG.info("Fault proxy :{} -> {}: black hole ({} open connection(s) and every new one)", port(), target,
                count);
    }

    private int silenceAll() {
        int count = 0;
        for (Link link : links) {
            link.silent = true;
            count++;
        }
        return count;
    }

    /** Stops listening and closes every connection (plainly: what the test no longer needs). */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        for (Link link : links) {
            link.close();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Fault proxy :{} stops accepting: {}", port(), e.toString());
                }
                return;
            }
            int id = accepted.incrementAndGet();
            try {
                open(client, id);
            } catch (IOException e) {
                LOG.info("Fault proxy :{} cannot reach {} for connection {}: {}; resetting the client", port(),
                        target, id, e.toString());
                abortQuietly(client);
            }
        }
    }

    private void open(Socket client, int id) throws IOException {
        client.setTcpNoDelay(true);
        Socket server = null;
        if (!blackHoled) {
            server = new Socket();
            try {
                server.setTcpNoDelay(true);
                server.connect(target, CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                closeQuietly(server);
                throw e;
            }
        }
        Link link = new Link(client, server);
        synchronized (this) {
            // a connection born in the black hole never reaches the server, like a SYN into one (except that our
            // kernel answered it); one that reached the server while the black hole opened falls into it too
            link.silent = blackHoled || server == null;
            links.add(link);
        }
        link.start("fault-proxy-" + port() + "-" + id);
    }

    /** A chunk read from one side, due for the other at {@code dueNanos}; {@code bytes} null at end of stream. */
    private record Chunk(byte[] bytes, long dueNanos) {
    }

    /** Tells a writer thread that its link closed. */
    private static final Chunk STOP = new Chunk(new byte[0], 0);

    /** One client connection and, unless it was born in a black hole, its connection to the server. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private final BlockingQueue<Chunk> up = new LinkedBlockingQueue<>();
        private final BlockingQueue<Chunk> down = new LinkedBlockingQueue<>();
        private final AtomicInteger directionsDone = new AtomicInteger();
        private volatile boolean silent;
        private volatile boolean closing;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start(String name) {
            daemon(name + "-c2s-read", () -> read(client, up));
            if (server != null) {
                daemon(name + "-c2s-write", () -> write(up, server));
                daemon(name + "-s2c-read", () -> read(server, down));
                daemon(name + "-s2c-write", () -> write(down, client));
            }
        }

        /** Reads one side; forwards into {@code queue}, or drops what it reads once the link is silent. */
        private void read(Socket from, BlockingQueue<Chunk> queue) {
            byte[] buffer = new byte[CHUNK];
            try {
                InputStream in = from.getInputStream();
                while (true) {
                    int count = in.read(buffer);
                    if (silent) {
                        if (count < 0) {
                            leftSilently(from);
                            return;
                        }
                        continue;
                    }
                    long due = System.nanoTime() + delayNanos;
                    queue.add(new Chunk(count < 0 ? null : Arrays.copyOf(buffer, count), due));
                    if (count < 0) {
                        return;
                    }
                }
            } catch (IOException e) {
                if (closing) {
                    return;
                }
                if (silent) {
                    leftSilently(from);
                } else {
                    abort(); // a reset from one side reaches the other, as it would through the network
                }
            }
        }

        /** Writes what one side sent to the other when it is due; nothing once the link is silent. */
        private void write(BlockingQueue<Chunk> queue, Socket to) {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk == STOP) {
                        return;
                    }
                    long wait = chunk.dueNanos() - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    if (silent) {
                        continue;
                    }
                    if (chunk.bytes() == null) {
                        to.shutdownOutput();
                        if (directionsDone.incrementAndGet() == 2) {
                            close();
                        }
                        return;
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException e) {
                if (!closing && !silent) {
                    abort();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** One side of a silent link closed or reset: close it, tell the other side nothing. */
        private void leftSilently(Socket side) {
            closeQuietly(side);
            if (client.isClosed() && (server == null || server.isClosed())) {
                close();
            }
        }

        /** RST on both sides: linger zero, then close. */
        void abort() {
            closing = true;
            abortQuietly(client);
            if (server != null) {
                abortQuietly(server);
            }
            ended();
        }

        void close() {
            closing = true;
            closeQuietly(client);
            if (server != null) {
                closeQuietly(server);
            }
            ended();
        }

        private void ended() {
            up.add(STOP);
            down.add(STOP);
            links.remove(this);
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void abortQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing left to do
        }
    }
}
