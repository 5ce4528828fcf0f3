package dev.outpost.bundle.importing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import dev.outpost.io.FailureDetail;

/**
 * Streams one request body to a file as it arrives, on the connection's event loop: never more of it
 * in memory than Vert.x's write queue holds, because the request is paused whenever the file's write
 * queue is full (back-pressure reaches the client through TCP). Cut, and the partial file removed
 * before the answer, when the body grows past its cap, sends nothing for the idle timeout, leaves too
 * little room on disk, or breaks off. {@code dev.outpost.http.HttpGuard} leaves this route's body
 * unread and paused, and {@code @RolesAllowed} has run before the resource calls this: nothing is
 * read, let alone written, for a caller that is not allowed.
 */
final class UploadReceiver {
    private static final Logger LOG = Logger.getLogger(UploadReceiver.class);
    /** How often (in bytes received) free space is checked again while a body arrives. */
    private static final long SPACE_CHECK_EVERY_BYTES = 64L * 1024 * 1024;

    /** What the file system must keep free beyond what has arrived; see {@link ImportUploads}. */
    interface SpaceCheck {
        /** Null if there is room for {@code received} bytes and what their import needs, else why not. */
        String shortOf(long received);
    }

    private final Vertx vertx;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final Path file;
    private final long maxBytes;
    private final long idleMillis;
    private final SpaceCheck space;
    private final CompletableFuture<Long> result = new CompletableFuture<>();

    private AsyncFile out;
    private long received;
    private long nextSpaceCheck = SPACE_CHECK_EVERY_BYTES;
    private long lastDataNanos = System.nanoTime();
    private long timer = -1;
    private boolean done;
    private boolean failed;
    /** Paused for the disk, not waiting for the client: the idle timeout does not run meanwhile. */
    private boolean backPressure;

    private UploadReceiver(
            Vertx vertx,
            HttpServerRequest request,
            HttpServerResponse response,
            Path file,
            long maxBytes,
            long idleMillis,
            SpaceCheck space) {
        this.vertx = vertx;
        this.request = request;
        this.response = response;
        this.file = file;
        this.maxBytes = maxBytes;
        this.idleMillis = idleMillis;
        this.space = space;
    }

    /** Receives the body of {@code request} into {@code file}, which must not exist; completes with its size. */
    static CompletionStage<Long> receive(
            Vertx vertx,
            HttpServerRequest request,
            HttpServerResponse response,
            Path file,
            long maxBytes,
            long idleMillis,
            SpaceCheck space) {
        UploadReceiver receiver = new UploadReceiver(vertx, request, response, file, maxBytes, idleMillis, space);
        receiver.start();
        return receiver.result;
    }

    private void start() {
        // Handlers first: once the request is resumed, a chunk without a handler would be lost.
        request.handler(this::chunk);
        request.endHandler(v -> end());
        request.exceptionHandler(e -> fail(new ImportException.Unreadable(FailureDetail.of(e))));
        arm(idleMillis);
        vertx.fileSystem()
                .open(file.toString(), new OpenOptions().setCreateNew(true).setWrite(true))
                .onSuccess(opened -> {
                    out = opened;
                    out.exceptionHandler(e -> failLocally(e));
                    if (done) {
                        // Failed while the file was being opened: what fail() could not remove yet.
                        discard();
                        return;
                    }
                    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                        response.writeContinue();
                    }
                    request.resume();
                })
                .onFailure(this::failLocally);
    }

    private void chunk(Buffer chunk) {
        if (done) {
            return;
        }
        lastDataNanos = System.nanoTime();
        received += chunk.length();
        if (received > maxBytes) {
            fail(new ImportException.TooLarge(maxBytes));
            return;
        }
        if (received >= nextSpaceCheck) {
            nextSpaceCheck = received + SPACE_CHECK_EVERY_BYTES;
            String shortOf = space.shortOf(received);
            if (shortOf != null) {
                fail(new ImportException.InsufficientSpace(shortOf));
                return;
            }
        }
        out.write(chunk);
        if (out.writeQueueFull()) {
            // Back-pressure: nothing more is read from the socket until the disk has caught up.
            request.pause();
            backPressure = true;
            out.drainHandler(v -> {
                backPressure = false;
                lastDataNanos = System.nanoTime();
                if (!done) {
                    request.resume();
                }
            });
        }
    }

    private void end() {
        if (done) {
            return;
        }
        done = true;
        cancelTimer();
        // flush() forces the bytes to the disk: the import journal's RECEIVED means "on disk" too.
        out.flush()
                .compose(v -> out.close())
                .onSuccess(v -> result.complete(received))
                .onFailure(this::failLocally);
    }

    private void arm(long delayMillis) {
        timer = vertx.setTimer(Math.max(1, delayMillis), id -> {
            timer = -1;
            if (done) {
                return;
            }
            long idle = backPressure ? 0 : (System.nanoTime() - lastDataNanos) / 1_000_000;
            if (idle >= idleMillis) {
                fail(new ImportException.TimedOut(idleMillis));
            } else {
                arm(idleMillis - idle);
            }
        });
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void failLocally(Throwable cause) {
        LOG.errorf("Cannot write the upload %s: %s", file.getFileName(), cause.getMessage());
        fail(new ImportException.LocalFailure(
                "the upload could not be written to staging (" + FailureDetail.of(cause) + "); nothing was kept"));
    }

    /**
     * Stops reading into the file, removes what arrived, and only then fails: an answer never leaves
     * a partial upload behind. What the client still sends is dropped by the HTTP guard.
     */
    private void fail(ImportException cause) {
        if (failed || result.isDone()) {
            return;
        }
        failed = true;
        done = true;
        cancelTimer();
        LOG.debugf("Upload %s cut after %d bytes: %s", file.getFileName(), received, cause.getMessage());
        discard().onComplete(v -> result.completeExceptionally(cause));
    }

    private io.vertx.core.Future<Void> discard() {
        io.vertx.core.Future<Void> closed = out == null ? io.vertx.core.Future.succeededFuture() : out.close();
        return closed.transform(ignored -> vertx.executeBlocking(() -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.errorf("Cannot remove the partial upload %s: %s", file.getFileName(), e.getMessage());
            }
            return null;
        }));
    }
}
