package dev.outpost.http;

import static dev.outpost.bundle.importing.ImportsApi.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import dev.outpost.bundle.importing.ImportsApi;
import dev.outpost.config.DataDirectory;

/**
 * A bundle upload is streamed to disk, never buffered (issue 14): 200 MB go through while neither
 * the HTTP guard's body budget nor the heap holds them.
 */
@QuarkusTest
@TestProfile(ImportsApi.Profile.class)
class StreamedUploadTest {
    private static final long MIB = 1024 * 1024;
    private static final long UPLOAD_BYTES = 200 * MIB;
    /** Where the client stops for a moment to look at the server's memory. */
    private static final long PAUSE_AT_BYTES = 150 * MIB;

    @Inject
    HttpGuard guard;

    @Inject
    DataDirectory directories;

    @Test
    void streamsTwoHundredMegabytesWithoutHoldingThemInMemory() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = heapAfterGc(memory);
        String answer;
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/imports?name=big.bundle HTTP/1.1\r\nHost: outpost\r\nAuthorization: "
                            + OPERATOR + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                            + UPLOAD_BYTES + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // Random bytes from a generator: nothing of the body exists in memory but one buffer.
            byte[] buffer = new byte[(int) MIB];
            Random random = new Random(14);
            long sent = 0;
            while (sent < UPLOAD_BYTES) {
                if (sent == PAUSE_AT_BYTES) {
                    // Measured on another thread while this one keeps the upload alive with a byte now
                    // and then, so that the idle timeout never cuts it however long the GCs take.
                    CompletableFuture<long[]> measured = CompletableFuture.supplyAsync(() -> {
                        try {
                            waitForStaged(PAUSE_AT_BYTES - 8 * MIB);
                            return new long[] {guard.bufferedBodyBytes(), heapAfterGc(memory)};
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    while (!measured.isDone()) {
                        out.write(random.nextInt(256));
                        out.flush();
                        sent++;
                        Thread.sleep(100);
                    }
                    long[] result = measured.get();
                    assertThat(result[0])
                            .as("an upload is not charged to the body budget")
                            .isZero();
                    assertThat(result[1] - before)
                            .as("heap growth with %d MiB of the upload received", PAUSE_AT_BYTES / MIB)
                            .isLessThan(64 * MIB);
                }
                random.nextBytes(buffer);
                int n = (int) Math.min(buffer.length, UPLOAD_BYTES - sent);
                out.write(buffer, 0, n);
                sent += n;
            }
            out.flush();
            answer = ImportsApi.readAnswer(socket.getInputStream());
        }
        assertThat(answer).startsWith("HTTP/1.1 202");
        String id =
                JsonPath.from(answer.substring(answer.indexOf("\r\n\r\n") + 4)).getString("id");
        List<JsonPath> seen = ImportsApi.follow(id, Duration.ofSeconds(120));
        JsonPath last = seen.get(seen.size() - 1);
        assertThat(last.getString("state")).isEqualTo("REJECTED");
        assertThat(last.getString("reason")).isEqualTo("not-a-bundle");
        assertThat(last.getLong("bytes")).isEqualTo(UPLOAD_BYTES);
        // 200 MB in quarantine are of no use to anyone.
        try (var quarantined = Files.list(directories.quarantine())) {
            for (Path file : quarantined
                    .filter(p -> p.getFileName().toString().contains("big.bundle"))
                    .toList()) {
                Files.delete(file);
            }
        }
    }

    /** Waits until the upload's file in staging holds at least {@code bytes}: the server has read them. */
    private void waitForStaged(long bytes) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (var staged = Files.list(directories.staging())) {
                long size = staged.mapToLong(p -> p.toFile().length()).sum();
                if (size >= bytes) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the upload did not reach " + bytes + " bytes in staging");
    }

    private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
