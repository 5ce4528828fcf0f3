package dev.outpost.publishing.feeds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonToken;

import dev.outpost.reputation.InvalidInputException;

/**
 * A MISP feed directory (interop.md §4.5; offline-bundles/FEEDS.md §misp-feed): {@code manifest.json}
 * lists the events by UUID, and each event is read from {@code <uuid>.json} beside it, in the
 * manifest's order. Files the manifest does not list ({@code hashes.csv}, signatures, strays) are
 * not read. A manifest key that is not a UUID is refused before it is used as a file name.
 */
final class MispFeed implements FeedReader {
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Override
    public void read(Path directory, FeedContext context) throws IOException {
        Path manifest = directory.resolve("manifest.json");
        if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(
                    "invalid-feed", directory + ": a MISP feed directory needs a manifest.json file", null);
        }
        int[] events = {0};
        FeedJson.parse(manifest, FeedLimits.MAX_MISP_MANIFEST_BYTES, parser -> {
            parser.nextToken();
            FeedJson.expect(manifest, parser, JsonToken.START_OBJECT, "an object of event UUIDs");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String uuid = parser.currentName();
                String location = FeedJson.at(manifest, parser);
                parser.nextToken();
                parser.skipChildren();
                if (++events[0] > FeedLimits.MAX_MISP_EVENTS) {
                    throw FeedContext.fatal(
                            location, "more than " + FeedLimits.MAX_MISP_EVENTS + " events in the manifest", null);
                }
                if (!UUID.matcher(uuid).matches()) {
                    context.invalid(
                            location,
                            new InvalidInputException(
                                    "invalid-feed", "manifest key '" + uuid + "' is not an event UUID", uuid));
                    continue;
                }
                Path event = directory.resolve(uuid + ".json");
                if (!Files.isRegularFile(event, LinkOption.NOFOLLOW_LINKS)) {
                    context.invalid(
                            location,
                            new InvalidInputException(
                                    "invalid-feed",
                                    "the manifest lists event " + uuid + " but " + event.getFileName()
                                            + " is missing or not a regular file",
                                    uuid));
                    continue;
                }
                MispEvent.read(event, uuid, context);
            }
            FeedJson.expectEnd(manifest, parser);
        });
    }
}
