package dev.outpost.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.outpost.publishing.feeds.FeedFormat;
import dev.outpost.publishing.feeds.FeedOptions;
import dev.outpost.publishing.feeds.FeedSource;
import dev.outpost.publishing.feeds.Feeds;
import dev.outpost.reputation.InvalidInputException;

/**
 * The public feeds a publisher downloads and feeds to {@code outpost bundle build --feed}
 * (offline-bundles/FEEDS.md): CSV exports, ThreatFox JSON, STIX 2.1, MISP feeds and NSRL's legacy
 * text. They come from the internet, so every fault must be an {@link InvalidInputException} naming
 * the place. Byte 0 picks the format (and bit 7 {@code --skip-invalid}); the rest is the file, or
 * for a MISP feed, the one event its manifest lists. NSRL RDSv3 is an SQLite database read by the
 * SQLite library and is not fuzzed here.
 */
class FeedsFuzzTest {
    private static final List<FeedFormat> FILES = Arrays.stream(FeedFormat.values())
            .filter(format -> format != FeedFormat.NSRL_RDS3 && format != FeedFormat.MISP_FEED)
            .toList();
    private static final Instant AS_OF = Instant.parse("2026-06-01T00:00:00Z");
    private static final String EVENT = "5f7a3c1e-0d44-4b0e-9a53-1f2e3d4c5b6a";

    @FuzzTest
    void feed(byte[] input) throws IOException {
        if (input.length < 1) {
            return;
        }
        int pick = (input[0] & 0x7F) % (FILES.size() + 1);
        boolean skipInvalid = (input[0] & 0x80) != 0;
        byte[] bytes = Arrays.copyOfRange(input, 1, input.length);
        FeedSource source = pick < FILES.size()
                ? new FeedSource(FILES.get(pick), Scratch.write("feed", bytes))
                : new FeedSource(FeedFormat.MISP_FEED, mispFeed(bytes));
        try {
            Feeds.read(source, new FeedOptions(skipInvalid, AS_OF, warning -> {}), record -> {});
        } catch (InvalidInputException refused) {
            // The documented refusal, naming the feed and the place.
        }
    }

    /** A MISP feed directory whose manifest lists one event, the fuzzer's bytes. */
    private static Path mispFeed(byte[] event) throws IOException {
        Path directory = Scratch.directory("misp");
        Files.writeString(directory.resolve("manifest.json"), "{\"" + EVENT + "\": {\"info\": \"fuzz\"}}");
        Files.write(directory.resolve(EVENT + ".json"), event);
        return directory;
    }
}
