package dev.outpost.http;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.outpost.bundle.importing.ImportResource;

/**
 * The first thing every HTTP request meets, on the event loop (issue 11 items 1, 3, 13, 15, 16):
 *
 * <ul>
 *   <li>a client holds at most {@code outpost.http.max-connections-per-client} connections;
 *   <li>a request body is read whole here, on the event loop, within {@code outpost.http.body-timeout}
 *       and {@code outpost.http.max-body-bytes}, before any worker thread is taken: a client that
 *       stalls mid-body holds a few bytes of memory, never a worker, and is cut with a 408;
 *   <li>bodies held at once are bounded by {@code outpost.http.max-buffered-body-bytes}: beyond it,
 *       reading pauses until answered requests free room;
 *   <li>raw UTF-8 bytes in the request target are percent-encoded before routing, so that path and
 *       query parameters decode as UTF-8 (Netty reads the request line as ISO-8859-1);
 *   <li>HTTP/1.1 requests without exactly one {@code Host} get a 400 problem, logged at debug level
 *       only (unauthenticated clients must not flood the log); requests whose head the codec cannot
 *       parse never get here: Vert.x answers them itself (a bare 400 or 431) and logs nothing;
 *   <li>every response carries the security headers of {@link SecurityHeaders}.
 * </ul>
 *
 * The JAX-RS layer takes the body read here from {@link BufferedBodyFilter}. The one exception is a
 * bundle upload, which is left unread for its resource to stream to disk ({@link #isStreamedUpload}).
 */
@ApplicationScoped
public class HttpGuard {
    private static final Logger LOG = Logger.getLogger(HttpGuard.class);
    /** Higher runs first: before Quarkus's own routes and filters. */
    private static final int PRIORITY = 100_000;
    /** Where the body read here waits for the JAX-RS layer. */
    static final String BODY = "outpost.request-body";
    /** How long a refused client's remaining body is read and dropped before its connection closes. */
    private static final long LINGER_MILLIS = 1_000;
    /** First capacity of a chunked body's buffer; it grows with what arrives. */
    private static final int INITIAL_BODY_BYTES = 64 * 1024;

    private static final AttributeKey<String> COUNTED_CLIENT = AttributeKey.valueOf("outpost.client");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final ClientConnections clients;
    private final BodyBudget budget;
    private final long maxBodyBytes;
    private final long bodyTimeoutMillis;

    @Inject
    public HttpGuard(Vertx vertx, HttpConfig http) {
        this.vertx = vertx;
        this.clients = new ClientConnections(http.maxConnectionsPerClient());
        this.maxBodyBytes = http.maxBodyBytes();
        this.budget = new BodyBudget(http.maxBufferedBodyBytes(), http.maxBodyBytes());
        this.bodyTimeoutMillis = http.bodyTimeout().toMillis();
    }

    /** Request bodies held in memory right now, for tests and diagnostics. */
    long bufferedBodyBytes() {
        return budget.held();
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    /**
     * Vert.x refuses some malformed requests itself (an HTTP/1.1 request without Host) before any
     * filter runs, and hands them to the failure handlers: they get a problem here instead of
     * Quarkus's error page, which would log each one as an error with a stack trace.
     */
    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::clientFailure);
    }

    private void clientFailure(RoutingContext rc) {
        int status = rc.statusCode();
        if (status < 400 || status >= 500 || rc.response().headWritten()) {
            rc.next();
            return;
        }
        String message = rc.failure() == null ? "" : String.valueOf(rc.failure().getMessage());
        String detail = message.contains("'Host'")
                ? "an HTTP/1.1 request needs exactly one Host header"
                : "the request could not be parsed as HTTP";
        LOG.debugf("Refused a request from %s (%d): %s", rc.request().remoteAddress(), status, message);
        reject(rc, Problem.of(status == 400 ? "malformed-request" : "bad-request", status, detail, null));
    }

    void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String uri = request.uri();
        if (Utf8Targets.hasRawBytes(uri)) {
            // Routing restarts with the percent-encoded target (ASCII, so once) and comes back here.
            String target = Utf8Targets.originForm(uri);
            if (target == null) {
                malformed(rc, "the request target is neither a path nor an absolute URL");
                return;
            }
            try {
                rc.reroute(request.method(), Utf8Targets.percentEncodeRawBytes(target));
            } catch (RuntimeException e) {
                malformed(rc, "the request target cannot be read");
            }
            return;
        }
        rc.addHeadersEndHandler(v -> SecurityHeaders.add(rc));
        if (!admitConnection(rc)) {
            return;
        }
        if (request.version() != HttpVersion.HTTP_1_0
                && request.version() != HttpVersion.HTTP_2
                && request.headers().getAll(HttpHeaders.HOST).size() != 1) {
            // RFC 9112 section 3.2: a server must answer 400 to an HTTP/1.1 request without exactly one Host.
            malformed(rc, "an HTTP/1.1 request needs exactly one Host header");
            return;
        }
        long declared;
        try {
            declared = declaredLength(request);
        } catch (NumberFormatException e) {
            malformed(rc, "Content-Length is not a number");
            return;
        }
        if (declared == 0 || request.isEnded()) {
            rc.next();
            return;
        }
        if (isStreamedUpload(rc)) {
            leaveUnread(rc);
            return;
        }
        if (declared > maxBodyBytes) {
            tooLarge(rc);
            return;
        }
        new PendingBody(rc, declared).start();
    }

    /**
     * A bundle upload ({@code POST /api/v1/imports}, issue 14) is streamed to disk by its resource,
     * never held in memory: up to gigabytes, so neither {@code outpost.http.max-body-bytes} nor the
     * body budget applies to it; its own cap, idle timeout and free-space check do
     * ({@code outpost.imports.*}).
     */
    static boolean isStreamedUpload(RoutingContext rc) {
        if (rc.request().method() != HttpMethod.POST) {
            return false;
        }
        String path = rc.normalizedPath();
        return path.equals(ImportResource.PATH) || path.equals(ImportResource.PATH + "/");
    }

    /**
     * Leaves the body unread and paused: the resource reads it only after Quarkus REST has checked the
     * caller's role, so that nothing of an unauthorized upload is read, let alone written. An answer
     * sent before the body was read to its end (401, 403, 415, 413, 408...) closes the connection
     * after a lingering read, as any refused body here does.
     */
    private static void leaveUnread(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        // Explicitly: Quarkus would resume a paused request as soon as a handler is set.
        request.pause();
        rc.addHeadersEndHandler(v -> {
            if (!request.isEnded()) {
                rc.response().headers().set(HttpHeaders.CONNECTION, "close");
            }
        });
        rc.addEndHandler(v -> {
            if (!request.isEnded() && !rc.response().closed()) {
                closeAfterAnswer(rc);
            }
        });
        rc.next();
    }

    /** The declared body length: 0 for none, -1 for a chunked body of unknown length. */
    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long value = Long.parseLong(length.strip());
            if (value < 0) {
                throw new NumberFormatException(length);
            }
            return value;
        }
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) ? -1 : 0;
    }

    private boolean admitConnection(RoutingContext rc) {
        if (!(rc.request().connection() instanceof ConnectionBase connection)) {
            return true;
        }
        Channel channel = connection.channel();
        if (channel.hasAttr(COUNTED_CLIENT)) {
            return true;
        }
        String client = clientOf(rc);
        if (!clients.tryOpen(client)) {
            LOG.debugf("Refused a connection of %s: it holds %d already", client, clients.maxPerClient());
            reject(
                    rc,
                    Problem.of(
                            "too-many-connections",
                            429,
                            "this client has " + clients.maxPerClient()
                                    + " connections open, the most one client may hold"
                                    + " (outpost.http.max-connections-per-client)",
                            null));
            return false;
        }
        channel.attr(COUNTED_CLIENT).set(client);
        channel.closeFuture().addListener(closed -> clients.closed(client));
        return true;
    }

    private static String clientOf(RoutingContext rc) {
        var address = rc.request().connection() == null
                ? null
                : rc.request().connection().remoteAddress();
        return address == null || address.hostAddress() == null ? "unknown" : address.hostAddress();
    }

    private void malformed(RoutingContext rc, String detail) {
        LOG.debugf("Malformed request from %s: %s", rc.request().remoteAddress(), detail);
        reject(rc, Problem.of("malformed-request", 400, detail, null));
    }

    private void tooLarge(RoutingContext rc) {
        reject(
                rc,
                Problem.of(
                        "request-too-large",
                        413,
                        "request body is larger than " + maxBodyBytes + " bytes, the most this appliance reads"
                                + " (outpost.http.max-body-bytes); send at most 10,000 items per request",
                        null));
    }

    /** Answers {@code problem} and closes the connection: the rest of its request is never read. */
    /**
     * Closes the connection once the problem is out. A client still sending its body would get a
     * reset instead of the answer if the connection closed at once, so what it still sends is read
     * and dropped for a moment first (a lingering close).
     */
    private static void closeAfterAnswer(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        try {
            request.handler(ignored -> {});
            request.endHandler(v -> request.connection().close());
            request.exceptionHandler(e -> request.connection().close());
            request.resume();
        } catch (IllegalStateException alreadyRead) {
            request.connection().close();
            return;
        }
        Vertx.currentContext().owner().setTimer(LINGER_MILLIS, id -> request.connection()
                .close());
    }

    static void reject(RoutingContext rc, Problem problem) {
        HttpServerResponse response = rc.response();
        if (response.ended() || response.closed() || response.headWritten()) {
            rc.request().connection().close();
            return;
        }
        SecurityHeaders.add(rc);
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close");
        response.end(Buffer.buffer(json(problem))).onComplete(done -> closeAfterAnswer(rc));
    }

    private static byte[] json(Problem problem) {
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            return ("{\"type\":\"" + problem.type() + "\",\"status\":" + problem.status() + "}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    /** One request body on its way in; every callback runs on the connection's event loop. */
    private final class PendingBody {
        private final RoutingContext rc;
        private final long declared;
        private final String client;
        private final Context context;
        private Buffer body;
        private long reserved;
        private BodyBudget.Waiter waiter;
        private long timer = -1;
        private boolean finished;

        PendingBody(RoutingContext rc, long declared) {
            this.rc = rc;
            this.declared = declared;
            this.client = clientOf(rc);
            this.context = vertx.getOrCreateContext();
        }

        void start() {
            HttpServerRequest request = rc.request();
            rc.addEndHandler(ended -> release());
            // Nothing is read until memory for the whole body is reserved: a body once started never
            // waits for memory half-read, and one waiting holds nothing but its place in the queue.
            request.pause();
            long wanted = declared < 0 ? maxBodyBytes : declared;
            if (budget.tryReserve(client, wanted)) {
                reserved = wanted;
                read();
                return;
            }
            waiter = budget.await(client, wanted, () -> context.runOnContext(v -> admitted(wanted)));
            timer = vertx.setTimer(bodyTimeoutMillis, id -> waitedTooLong());
        }

        private void admitted(long wanted) {
            reserved = wanted;
            waiter = null;
            cancelTimer();
            if (finished || rc.response().closed() || rc.response().ended()) {
                release();
                return;
            }
            read();
        }

        private void read() {
            // Allocated only now that the memory is reserved: a declared length once reserved is
            // allocated whole (no copies as it grows); a chunked body grows with what arrives.
            body = Buffer.buffer((int) (declared < 0 ? INITIAL_BODY_BYTES : declared));
            HttpServerRequest request = rc.request();
            request.handler(this::chunk);
            request.endHandler(v -> end());
            request.exceptionHandler(this::failed);
            timer = vertx.setTimer(bodyTimeoutMillis, id -> timedOut());
            if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                rc.response().writeContinue();
            }
            request.resume();
        }

        private void chunk(Buffer chunk) {
            if (finished) {
                return;
            }
            if (body.length() + (long) chunk.length() > reserved) {
                finish();
                tooLarge(rc);
                return;
            }
            body.appendBuffer(chunk);
        }

        private void end() {
            if (finished) {
                return;
            }
            finish();
            // A chunked body reserved the most a body may be; what it did not use goes back now.
            long unused = reserved - body.length();
            if (unused > 0) {
                reserved -= unused;
                budget.release(client, unused);
            }
            rc.put(BODY, body);
            rc.next();
        }

        private void waitedTooLong() {
            timer = -1;
            if (finished || waiter == null || !budget.cancel(waiter)) {
                return; // Admitted meanwhile: reading has its own timer.
            }
            waiter = null;
            finish();
            LOG.debugf("Request body from %s found no memory within %d ms; refused", client, bodyTimeoutMillis);
            rc.response().putHeader("Retry-After", "1");
            reject(
                    rc,
                    Problem.of(
                            "server-busy",
                            503,
                            "too many request bodies are being received at once; retry in a moment",
                            null));
        }

        private void timedOut() {
            timer = -1;
            if (finished) {
                return;
            }
            finish();
            LOG.debugf("Request body from %s not complete after %d ms; cut", client, bodyTimeoutMillis);
            reject(
                    rc,
                    Problem.of(
                            "request-timeout",
                            408,
                            "the request body did not arrive within " + bodyTimeoutMillis
                                    + " ms (outpost.http.body-timeout)",
                            null));
        }

        private void failed(Throwable cause) {
            if (finished) {
                return;
            }
            finish();
            // A reset connection, a broken encoding: the client's problem, logged only when asked for.
            LOG.debugf("Request body from %s unreadable: %s", client, cause.toString());
            reject(rc, Problem.of("malformed-request", 400, "the request body could not be read to its end", null));
        }

        private void finish() {
            finished = true;
            cancelTimer();
        }

        private void cancelTimer() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }

        /** The response is over or the connection gone: nothing of this body is held any longer. */
        private void release() {
            finish();
            if (waiter != null) {
                budget.cancel(waiter);
                waiter = null;
            }
            budget.release(client, reserved);
            reserved = 0;
        }
    }
}
