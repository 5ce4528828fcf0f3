package dev.outpost.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import dev.outpost.config.CoreConfig;
import dev.outpost.config.Role;
import dev.outpost.security.SecurityConfig;
import dev.outpost.web.IpAddresses;

/**
 * The DNS front end's network side (issue 16, docs/dns.md): UDP and TCP on one port, on Quarkus's
 * own Vert.x, so that it shares the event loops, the native transport and the shutdown of the HTTP
 * server instead of adding threads of its own that sit in {@code receive()}. The event loop only
 * admits a query (size, rate limit); {@link Responder} answers it on a small worker pool of its own,
 * since a store read may block and the HTTP workers should not be taken by DNS floods (nor DNS
 * starved by bulk HTTP lookups).
 *
 * <p>Starts only when {@code outpost.dns.enabled=true} and the process serves ({@code
 * outpost.role=serve}): never for a CLI command, which boots the application too (ADR 0004). A port
 * that cannot be bound stops the start with a message naming it, as the HTTP port does.
 */
@ApplicationScoped
public class DnsServer {
    private static final Logger LOG = Logger.getLogger(DnsServer.class);

    /** Threads answering queries: lookups take microseconds, so a few cover both cores. */
    static final int WORKER_THREADS = 4;

    /** UDP queries waiting for a worker; beyond this they are dropped, as a full socket buffer would. */
    static final int MAX_QUEUED_UDP_QUERIES = 1024;

    private static final long BIND_TIMEOUT_SECONDS = 10;

    /** Attempts to find one port free for both UDP and TCP when the configured port is 0. */
    private static final int EPHEMERAL_PORT_ATTEMPTS = 10;

    private final Vertx vertx;
    private final DnsConfig config;
    private final CoreConfig core;
    private final SecurityConfig security;
    private final DnsLookups lookups;

    private final AtomicInteger queuedUdp = new AtomicInteger();
    /** TCP connections per client, keyed as the rate limiter keys them (an IPv6 client is its /64). */
    private final Map<Long, Integer> connectionsPerClient = new HashMap<>();

    private int connections;

    private volatile DatagramSocket udp;
    private volatile NetServer tcp;
    private WorkerExecutor workers;
    private Responder responder;
    private RateLimiter limiter;
    private volatile int port = -1;

    public DnsServer(Vertx vertx, DnsConfig config, CoreConfig core, SecurityConfig security, DnsLookups lookups) {
        this.vertx = vertx;
        this.config = config;
        this.core = core;
        this.security = security;
        this.lookups = lookups;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled() || core.role() != Role.SERVE) {
            return;
        }
        Zones zones = Zones.of(config);
        responder = new Responder(
                zones, lookups, config.answerTtl(), config.negativeTtl(), () -> System.currentTimeMillis() / 1000);
        limiter = RateLimiter.of(config.rateLimit());
        workers = vertx.createSharedWorkerExecutor("outpost-dns", WORKER_THREADS);
        String host = host();
        try {
            bind(host);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.infof(
                "DNS front end listening on %s port %d (UDP and TCP) for %s, %s, %s and %s",
                host, port, zones.hash(), zones.hashlookup(), zones.ip(), zones.domain());
        if (security.lookups() != SecurityConfig.LookupAccess.OPEN) {
            LOG.warnf(
                    "outpost.security.lookups=%s, but DNS queries carry no token: every client that reaches"
                            + " port %d can look up hashes, addresses and domains (restrict it by network)",
                    security.lookups().name().toLowerCase(java.util.Locale.ROOT), port);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        close();
    }

    /** The port both transports listen on, or -1 when the front end is off. */
    public int port() {
        return port;
    }

    /** What answers the queries once started (tests feed it packets without a network). */
    Responder responder() {
        return responder;
    }

    /** The configured address, else the HTTP server's, else every IPv4 address. */
    private String host() {
        return config.host()
                .map(String::strip)
                .or(() -> ConfigProvider.getConfig().getOptionalValue("quarkus.http.host", String.class))
                .orElse("0.0.0.0");
    }

    private void bind(String host) {
        int wanted = config.port();
        for (int attempt = 1; ; attempt++) {
            DatagramSocket socket = vertx.createDatagramSocket(
                    new DatagramSocketOptions().setIpV6(host.contains(":")).setReuseAddress(false));
            socket.handler(this::onDatagram);
            try {
                await(socket.listen(wanted, host), "UDP", host, wanted);
            } catch (DnsStartException e) {
                socket.close();
                throw e;
            }
            int bound = socket.localAddress().port();
            NetServer server = vertx.createNetServer(new NetServerOptions()
                    .setIdleTimeout((int) config.tcp().idleTimeout().toSeconds())
                    .setIdleTimeoutUnit(TimeUnit.SECONDS)
                    .setTcpNoDelay(true));
            server.connectHandler(this::onConnection);
            try {
                await(server.listen(bound, host), "TCP", host, bound);
            } catch (DnsStartException e) {
                socket.close();
                if (wanted == 0 && attempt < EPHEMERAL_PORT_ATTEMPTS) {
                    continue; // the free UDP port was taken for TCP: try another
                }
                throw e;
            }
            udp = socket;
            tcp = server;
            port = bound;
            return;
        }
    }

    private static <T> void await(Future<T> listening, String transport, String host, int port) {
        try {
            listening.toCompletionStage().toCompletableFuture().get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DnsStartException(transport, host, port, cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new DnsStartException(transport, host, port, "timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnsStartException(transport, host, port, "interrupted", e);
        }
    }

    private void onDatagram(DatagramPacket packet) {
        String senderHost = packet.sender().host();
        int senderPort = packet.sender().port();
        InetAddress client = literal(senderHost);
        byte[] query = packet.data().getBytes();
        if (client == null || !Responder.acceptable(query)) {
            return;
        }
        RateLimiter.Admission admission = limiter.admit(client, true);
        if (admission != RateLimiter.Admission.ANSWER) {
            send(responder.limited(query, admission, true), senderHost, senderPort);
            return;
        }
        if (queuedUdp.incrementAndGet() > MAX_QUEUED_UDP_QUERIES) {
            queuedUdp.decrementAndGet();
            return;
        }
        workers.executeBlocking(() -> responder.respond(query, true), false).onComplete(result -> {
            queuedUdp.decrementAndGet();
            if (result.succeeded()) {
                send(result.result(), senderHost, senderPort);
            }
        });
    }

    private void send(byte[] response, String host, int port) {
        DatagramSocket socket = udp;
        if (response != null && socket != null) {
            socket.send(Buffer.buffer(response), port, host);
        }
    }

    /**
     * One TCP connection (RFC 7766): two-byte length, message, in turn. One query at a time per
     * connection, so a connection holds at most one worker; a bad frame or a query that gets no
     * answer closes it.
     */
    private void onConnection(NetSocket socket) {
        InetAddress client = literal(socket.remoteAddress().host());
        Long clientKey = client == null ? null : RateLimiter.key(client.getAddress());
        if (clientKey == null || !open(clientKey)) {
            socket.close();
            return;
        }
        // The idle timeout restarts with every byte, so a client trickling one byte at a time would
        // hold the connection for ever: each query must also arrive whole within the idle timeout
        // of the connection opening or of the previous answer.
        long queryMillis = Math.max(1, config.tcp().idleTimeout().toMillis());
        long[] deadline = {vertx.setTimer(queryMillis, fired -> socket.close())};
        boolean[] closed = {false};
        socket.closeHandler(ended -> {
            closed[0] = true;
            vertx.cancelTimer(deadline[0]);
            release(clientKey);
        });
        RecordParser parser = RecordParser.newFixed(2, socket);
        parser.exceptionHandler(failure -> socket.close());
        parser.handler(new Handler<>() {
            private boolean lengthNext = true;

            @Override
            public void handle(Buffer frame) {
                if (lengthNext) {
                    int length = frame.getUnsignedShort(0);
                    if (length < org.xbill.DNS.Header.LENGTH || length > Responder.MAX_UDP_BYTES) {
                        socket.close();
                        return;
                    }
                    lengthNext = false;
                    parser.fixedSizeMode(length);
                    return;
                }
                lengthNext = true;
                parser.fixedSizeMode(2);
                parser.pause();
                vertx.cancelTimer(deadline[0]);
                byte[] query = frame.getBytes();
                RateLimiter.Admission admission = limiter.admit(client, false);
                Future<byte[]> answered = admission == RateLimiter.Admission.ANSWER
                        ? workers.executeBlocking(() -> responder.respond(query, false), false)
                        : Future.succeededFuture(responder.limited(query, admission, false));
                answered.onComplete(result -> {
                    if (closed[0]) {
                        return; // the client left while its query was answered: no answer, no timer
                    }
                    if (result.failed() || result.result() == null) {
                        socket.close();
                        return;
                    }
                    byte[] response = result.result();
                    Buffer out = Buffer.buffer(response.length + 2)
                            .appendUnsignedShort(response.length)
                            .appendBytes(response);
                    socket.write(out);
                    deadline[0] = vertx.setTimer(queryMillis, fired -> socket.close());
                    if (socket.writeQueueFull()) {
                        socket.drainHandler(drained -> parser.resume());
                    } else {
                        parser.resume();
                    }
                });
            }
        });
    }

    /** Counts a new connection in, unless the client or the server already holds its maximum. */
    private synchronized boolean open(long client) {
        int held = connectionsPerClient.getOrDefault(client, 0);
        if (connections >= config.tcp().maxConnections() || held >= config.tcp().maxConnectionsPerClient()) {
            return false;
        }
        connections++;
        connectionsPerClient.put(client, held + 1);
        return true;
    }

    private synchronized void release(long client) {
        connections--;
        int held = connectionsPerClient.getOrDefault(client, 1) - 1;
        if (held <= 0) {
            connectionsPerClient.remove(client);
        } else {
            connectionsPerClient.put(client, held);
        }
    }

    /**
     * A peer's address from the text Vert.x gives, parsed as a literal (never a name: {@link
     * InetAddress#getByName} would ask DNS for anything it cannot read as one); null if it is none.
     */
    static InetAddress literal(String host) {
        if (host == null || host.isEmpty() || host.length() > 64) {
            return null;
        }
        int scope = host.indexOf('%');
        String bare = scope < 0 ? host : host.substring(0, scope);
        byte[] address = bare.indexOf(':') >= 0 ? IpAddresses.parseIpv6(bare) : IpAddresses.parseStrictIpv4(bare);
        if (address == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private void close() {
        DatagramSocket socket = udp;
        NetServer server = tcp;
        udp = null;
        tcp = null;
        if (socket != null) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
        if (workers != null) {
            workers.close();
            workers = null;
        }
    }
}
