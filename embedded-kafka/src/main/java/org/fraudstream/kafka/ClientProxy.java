package org.fraudstream.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay between clients and the broker's client listener, which the broker advertises as its
 * own address: {@link #cut()} closes every connection and refuses new ones (to a client, the broker
 * is gone), {@link #restore()} lets them through again, to the same broker with the same data, on
 * the same port. Kafka's test kit cannot restart a node on its old ports (it binds fresh ephemeral
 * ones and new directory ids at each build), so an outage is made here, between the clients and a
 * broker that keeps running.
 */
final class ClientProxy implements AutoCloseable {

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private final Thread acceptor;
    private volatile InetSocketAddress target;
    private volatile boolean up = true;
    private volatile boolean closed;

    ClientProxy() throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "kafka-client-proxy");
        acceptor.setDaemon(true);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Starts relaying to {@code port} on localhost. */
    void start(int port) {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        acceptor.start();
    }

    private void accept() {
        while (!closed) {
            final Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (!up) {
                refused.incrementAndGet();
                closeQuietly(client);
                continue;
            }
            try {
                final Socket broker = new Socket(target.getAddress(), target.getPort());
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                open.add(client);
                open.add(broker);
                pipe(client, broker);
                pipe(broker, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        final Thread t = new Thread(() -> {
            final byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // either side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "kafka-client-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** Closes every client connection and refuses new ones until {@link #restore()}. */
    void cut() {
        up = false;
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    void restore() {
        up = true;
    }

    /** Connections refused since the start: how often clients tried to reach the broker while cut. */
    long refused() {
        return refused.get();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
