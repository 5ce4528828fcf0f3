package dev.outpost.publishing.feeds;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.outpost.reputation.InvalidInputException;

/**
 * One MISP event file, {@code {"Event": {…}}}, streamed twice so that it is never held whole: first
 * the event's own fields (info, date, timestamp, tags, which every attribute's verdict uses and
 * which may come after the attributes in the file), then its attributes and its objects'
 * attributes one at a time. Values are read leniently: MISP writes numbers and booleans as strings
 * (interop.md §4.5). Mapping in {@link MispAttributes}.
 */
final class MispEvent {
    private static final Map<String, FeedJson.Keep> EVENT_FIELDS = Map.of(
            "uuid", FeedJson.Keep.VALUE,
            "info", FeedJson.Keep.VALUE,
            "date", FeedJson.Keep.VALUE,
            "timestamp", FeedJson.Keep.VALUE,
            "Tag", FeedJson.Keep.NAMES);
    static final Map<String, FeedJson.Keep> ATTRIBUTE_FIELDS = Map.of(
            "uuid", FeedJson.Keep.VALUE,
            "type", FeedJson.Keep.VALUE,
            "value", FeedJson.Keep.VALUE,
            "to_ids", FeedJson.Keep.VALUE,
            "deleted", FeedJson.Keep.VALUE,
            "first_seen", FeedJson.Keep.VALUE,
            "last_seen", FeedJson.Keep.VALUE,
            "timestamp", FeedJson.Keep.VALUE,
            "Tag", FeedJson.Keep.NAMES);
    private static final Map<String, FeedJson.Keep> OBJECT_FIELDS =
            Map.of("uuid", FeedJson.Keep.VALUE, "name", FeedJson.Keep.VALUE, "deleted", FeedJson.Keep.VALUE);

    /** What every attribute of an event takes from the event. */
    record Header(String uuid, String info, LocalDate date, LocalDate timestamp, List<String> tags) {}

    private MispEvent() {}

    static void read(Path file, String uuid, FeedContext context) throws IOException {
        Header header;
        try {
            header = header(file, uuid);
        } catch (UnreadableFeed e) {
            // A broken event is one entry: under --skip-invalid the feed's other events still count.
            context.invalid(e.location(), e.reason());
            return;
        }
        FeedJson.parse(file, FeedLimits.MAX_MISP_EVENT_BYTES, parser -> {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("Event")) {
                    attributes(file, parser, header, context);
                } else {
                    parser.skipChildren();
                }
            }
        });
    }

    private static Header header(Path file, String uuid) throws IOException {
        JsonEntry[] found = {null};
        FeedJson.parse(file, FeedLimits.MAX_MISP_EVENT_BYTES, parser -> {
            parser.nextToken();
            FeedJson.expect(file, parser, JsonToken.START_OBJECT, "an object with an \"Event\"");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("Event") && parser.currentToken() == JsonToken.START_OBJECT) {
                    found[0] = FeedJson.entry(file, parser, EVENT_FIELDS);
                } else {
                    parser.skipChildren();
                }
            }
            FeedJson.expectEnd(file, parser);
        });
        JsonEntry event = found[0];
        if (event == null) {
            throw FeedContext.fatal(file + ":1", "no \"Event\" object", null);
        }
        try {
            String ownUuid = event.text("uuid");
            if (ownUuid != null && !ownUuid.equalsIgnoreCase(uuid)) {
                throw new InvalidInputException(
                        "invalid-feed", "the event's uuid " + ownUuid + " is not its manifest key " + uuid, ownUuid);
            }
            return new Header(
                    uuid,
                    event.text("info"),
                    FeedValues.date(event.text("date"), "Event.date"),
                    FeedValues.epochDate(event.text("timestamp"), "Event.timestamp"),
                    event.list("Tag"));
        } catch (InvalidInputException e) {
            // The event's own fields are wrong: every attribute would inherit it, so the event is one entry.
            throw new UnreadableFeed(event.location() + ": event " + uuid, e);
        }
    }

    /** The event's attributes, then each object's; the parser is at the Event's START_OBJECT. */
    private static void attributes(Path file, JsonParser parser, Header event, FeedContext context) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("Attribute") && value == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    JsonEntry attribute = FeedJson.entry(file, parser, ATTRIBUTE_FIELDS);
                    context.entry(
                            attribute.location() + ": attribute " + attribute.label("uuid"),
                            out -> MispAttributes.map(attribute, event, out));
                }
            } else if (field.equals("Object") && value == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    object(file, parser, event, context);
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private static void object(Path file, JsonParser parser, Header event, FeedContext context) throws IOException {
        List<JsonEntry> attributes = new ArrayList<>();
        boolean[] tooMany = {false};
        // The object is kept whole until its end (its file digests are one record), so it and its
        // attributes share one budget.
        JsonEntry.Budget budget = JsonEntry.Budget.perEntry();
        JsonEntry object = FeedJson.entry(
                file,
                parser,
                OBJECT_FIELDS,
                (field, p) -> {
                    if (!field.equals("Attribute") || p.currentToken() != JsonToken.START_ARRAY) {
                        return false;
                    }
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        JsonEntry attribute = FeedJson.entry(file, p, ATTRIBUTE_FIELDS, (f, q) -> false, budget);
                        if (attributes.size() < FeedLimits.MAX_LIST_ITEMS) {
                            attributes.add(attribute);
                        } else {
                            tooMany[0] = true;
                        }
                    }
                    return true;
                },
                budget);
        if (budget.exceeded()) {
            object.problem(JsonEntry.TOO_MUCH_TEXT);
        }
        if (tooMany[0]) {
            object.problem("more than " + FeedLimits.MAX_LIST_ITEMS + " attributes in one object");
        }
        MispAttributes.mapObject(object, attributes, event, context);
    }
}
