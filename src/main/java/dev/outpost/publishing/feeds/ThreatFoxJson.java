package dev.outpost.publishing.feeds;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.JsonToken;

/**
 * ThreatFox's JSON export (interop.md §4.3): {@code {"<ioc_id>": [{…}], …}}, streamed one IOC at a
 * time. Values may be strings, numbers, booleans or null ({@code "confidence_level":100},
 * {@code "is_compromised":true}). The malware's id is {@code malware} here, {@code fk_malware} in the
 * CSV. Mapping in {@link ThreatFoxIoc}; errors name the line and the IOC id.
 */
final class ThreatFoxJson implements FeedReader {
    private static final Map<String, FeedJson.Keep> FIELDS = Map.of(
            "ioc_value", FeedJson.Keep.VALUE,
            "ioc_type", FeedJson.Keep.VALUE,
            "malware", FeedJson.Keep.VALUE,
            "malware_printable", FeedJson.Keep.VALUE,
            "first_seen_utc", FeedJson.Keep.VALUE,
            "last_seen_utc", FeedJson.Keep.VALUE,
            "confidence_level", FeedJson.Keep.VALUE,
            "is_compromised", FeedJson.Keep.VALUE);

    @Override
    public void read(Path file, FeedContext context) throws IOException {
        FeedJson.parse(file, FeedLimits.MAX_JSON_DOCUMENT_BYTES, parser -> {
            parser.nextToken();
            FeedJson.expect(file, parser, JsonToken.START_OBJECT, "an object of IOC ids");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String id = parser.currentName();
                parser.nextToken();
                FeedJson.expect(file, parser, JsonToken.START_ARRAY, "a list of IOCs under \"" + id + "\"");
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    JsonEntry ioc = FeedJson.entry(file, parser, FIELDS);
                    context.entry(ioc.location() + ": ioc " + id, out -> ThreatFoxIoc.of(ioc::text, "malware")
                            .map(out));
                }
            }
            FeedJson.expectEnd(file, parser);
        });
    }
}
