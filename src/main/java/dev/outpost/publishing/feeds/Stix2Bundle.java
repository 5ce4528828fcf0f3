package dev.outpost.publishing.feeds;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.JsonToken;

/**
 * A STIX 2.1 bundle (interop.md §4.6): {@code {"type": "bundle", "objects": […]}}, streamed one
 * object at a time. Only indicators are entries; every other object (malware, relationships,
 * identities, …) is passed over unread. Mapping in {@link StixIndicators}; errors name the line
 * and the indicator's id.
 */
final class Stix2Bundle implements FeedReader {
    private static final Map<String, FeedJson.Keep> FIELDS = Map.ofEntries(
            Map.entry("type", FeedJson.Keep.VALUE),
            Map.entry("id", FeedJson.Keep.VALUE),
            Map.entry("name", FeedJson.Keep.VALUE),
            Map.entry("pattern", FeedJson.Keep.VALUE),
            Map.entry("pattern_type", FeedJson.Keep.VALUE),
            Map.entry("valid_from", FeedJson.Keep.VALUE),
            Map.entry("valid_until", FeedJson.Keep.VALUE),
            Map.entry("revoked", FeedJson.Keep.VALUE),
            Map.entry("confidence", FeedJson.Keep.VALUE),
            Map.entry("indicator_types", FeedJson.Keep.VALUES),
            Map.entry("labels", FeedJson.Keep.VALUES));

    @Override
    public void read(Path file, FeedContext context) throws IOException {
        boolean[] objects = {false};
        FeedJson.parse(file, FeedLimits.MAX_JSON_DOCUMENT_BYTES, parser -> {
            parser.nextToken();
            FeedJson.expect(file, parser, JsonToken.START_OBJECT, "a STIX bundle object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("type")) {
                    if (value != JsonToken.VALUE_STRING || !parser.getText().equals("bundle")) {
                        throw FeedContext.fatal(
                                FeedJson.at(file, parser), "not a STIX bundle: \"type\" must be \"bundle\"", null);
                    }
                } else if (field.equals("objects")) {
                    FeedJson.expect(file, parser, JsonToken.START_ARRAY, "a list of objects");
                    objects[0] = true;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        JsonEntry object = FeedJson.entry(file, parser, FIELDS);
                        if ("indicator".equals(object.label("type"))) {
                            context.entry(
                                    object.location() + ": " + object.label("id"),
                                    out -> StixIndicators.map(object, context.asOf(), out));
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
            FeedJson.expectEnd(file, parser);
        });
        if (!objects[0]) {
            throw FeedContext.fatal(file.toString(), "not a STIX bundle: it has no \"objects\" list", null);
        }
    }
}
