package dev.outpost.publishing.feeds;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import dev.outpost.publishing.KeyedRecords;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;

/**
 * How MISP attributes become records (offline-bundles/FEEDS.md §misp-feed). Only attributes flagged
 * {@code to_ids} are read: MISP's own mark of "fit for detection", which keeps out the context an
 * event also records (a sandbox's connectivity check to a well-known site, say). Deleted attributes
 * and deleted objects are not read. Types (describeTypes, interop.md §4.5):
 *
 * <ul>
 *   <li>{@code md5}, {@code sha1}, {@code sha256} and {@code filename|<hash>}: a file;
 *   <li>{@code x509-fingerprint-sha256}: a certificate;
 *   <li>{@code url}: a URL; {@code domain}, {@code hostname}, {@code hostname|port}: a domain;
 *   <li>{@code ip-src}, {@code ip-dst} (a CIDR range too), {@code ip-src|port}, {@code ip-dst|port}:
 *       an IP record of the address; {@code domain|ip}: a domain and an IP record;
 *   <li>anything else (sha512, ssdeep, email, …): not mapped.
 * </ul>
 *
 * <p>The digests of one {@code file} object are one file record carrying them all.
 */
final class MispAttributes {
    private static final Set<String> MAPPED = Set.of(
            "md5",
            "sha1",
            "sha256",
            "filename|md5",
            "filename|sha1",
            "filename|sha256",
            "x509-fingerprint-sha256",
            "url",
            "domain",
            "hostname",
            "hostname|port",
            "domain|ip",
            "ip-src",
            "ip-dst",
            "ip-src|port",
            "ip-dst|port");
    private static final String GALAXY_TAG = "misp-galaxy:";

    private MispAttributes() {}

    /** One attribute of the event or of an object. */
    static void map(JsonEntry attribute, MispEvent.Header event, Consumer<ReputationRecord> out) {
        String type = read(attribute);
        if (type == null) {
            return;
        }
        String value = attribute.text("value");
        if (value == null) {
            throw new InvalidInputException("invalid-attribute", "a " + type + " attribute has no value", null);
        }
        Verdict verdict = verdict(attribute, attribute.list("Tag"), event);
        switch (type) {
            case "md5" -> out.accept(file(Hash.parse(value, HashType.MD5), verdict));
            case "sha1" -> out.accept(file(Hash.parse(value, HashType.SHA1), verdict));
            case "sha256" -> out.accept(file(Hash.parse(value, HashType.SHA256), verdict));
            case "filename|md5" -> out.accept(file(Hash.parse(second(value, type), HashType.MD5), verdict));
            case "filename|sha1" -> out.accept(file(Hash.parse(second(value, type), HashType.SHA1), verdict));
            case "filename|sha256" -> out.accept(file(Hash.parse(second(value, type), HashType.SHA256), verdict));
            case "x509-fingerprint-sha256" ->
                out.accept(new ReputationRecord.Certificate(Hash.parse(value, HashType.SHA256), verdict));
            case "url" -> out.accept(KeyedRecords.url(value, verdict));
            case "domain", "hostname" -> out.accept(KeyedRecords.domain(value, verdict));
            case "hostname|port" -> out.accept(KeyedRecords.domain(withoutPort(value, type), verdict));
            case "domain|ip" -> {
                out.accept(KeyedRecords.domain(first(value, type), verdict));
                out.accept(Addresses.range(second(value, type), verdict));
            }
            case "ip-src", "ip-dst" -> out.accept(Addresses.range(value, verdict));
            case "ip-src|port", "ip-dst|port" ->
                out.accept(KeyedRecords.ipRange(Addresses.single(withoutPort(value, type)), verdict));
            default -> {
                // Unreachable: read() returns only the types in MAPPED, each handled above.
            }
        }
    }

    /**
     * An object's attributes: a {@code file} object's digests (md5, sha1, sha256, one of each) are
     * one record, named and dated by its strongest digest's attribute; every other attribute is read
     * on its own.
     */
    static void mapObject(JsonEntry object, List<JsonEntry> attributes, MispEvent.Header event, FeedContext context) {
        String where = object.location() + ": object " + object.label("uuid");
        boolean deleted;
        String name;
        try {
            object.check();
            deleted = FeedValues.bool(object.text("deleted"), "deleted");
            name = object.text("name");
        } catch (InvalidInputException e) {
            context.invalid(where, e);
            return;
        }
        if (deleted) {
            context.notMapped(attributes.size());
            return;
        }
        List<JsonEntry> rest = attributes;
        if ("file".equalsIgnoreCase(name)) {
            rest = fileDigests(where, attributes, event, context);
        }
        for (JsonEntry attribute : rest) {
            context.entry(where + " attribute " + attribute.label("uuid"), out -> map(attribute, event, out));
        }
    }

    /** Maps a file object's digests as one record if they are unambiguous; returns the attributes left. */
    private static List<JsonEntry> fileDigests(
            String where, List<JsonEntry> attributes, MispEvent.Header event, FeedContext context) {
        Map<HashType, JsonEntry> digests = new EnumMap<>(HashType.class);
        List<JsonEntry> rest = new ArrayList<>();
        for (JsonEntry attribute : attributes) {
            HashType type = digestType(attribute);
            if (type == null || digests.containsKey(type)) {
                rest.add(attribute);
            } else {
                digests.put(type, attribute);
            }
        }
        if (digests.size() < 2 || rest.stream().anyMatch(a -> digestType(a) != null)) {
            return attributes;
        }
        JsonEntry strongest =
                digests.getOrDefault(HashType.SHA256, digests.getOrDefault(HashType.SHA1, digests.get(HashType.MD5)));
        context.entry(where + " file digests", out -> {
            List<String> tags = new ArrayList<>();
            digests.values().forEach(attribute -> tags.addAll(attribute.list("Tag")));
            out.accept(new ReputationRecord.File(
                    new FileHashes(
                            digest(digests.get(HashType.MD5), HashType.MD5),
                            digest(digests.get(HashType.SHA1), HashType.SHA1),
                            digest(digests.get(HashType.SHA256), HashType.SHA256)),
                    verdict(strongest, tags, event)));
        });
        return rest;
    }

    /** The digest type of a readable, to_ids, undeleted md5/sha1/sha256 attribute, else null. */
    private static HashType digestType(JsonEntry attribute) {
        try {
            String type = read(attribute);
            return type == null
                    ? null
                    : switch (type) {
                        case "md5" -> HashType.MD5;
                        case "sha1" -> HashType.SHA1;
                        case "sha256" -> HashType.SHA256;
                        default -> null;
                    };
        } catch (InvalidInputException e) {
            return null;
        }
    }

    private static Hash digest(JsonEntry attribute, HashType type) {
        if (attribute == null) {
            return null;
        }
        String value = attribute.text("value");
        if (value == null) {
            throw new InvalidInputException("invalid-attribute", "a " + type.label() + " attribute has no value", null);
        }
        return Hash.parse(value, type);
    }

    /** The attribute's type if it is to be mapped (to_ids, not deleted, a type Outpost holds), else null. */
    private static String read(JsonEntry attribute) {
        if (FeedValues.bool(attribute.text("deleted"), "deleted")
                || !FeedValues.bool(attribute.text("to_ids"), "to_ids")) {
            return null;
        }
        String type = attribute.text("type");
        if (type == null) {
            throw new InvalidInputException("invalid-attribute", "the attribute has no type", null);
        }
        type = type.toLowerCase(Locale.ROOT);
        return MAPPED.contains(type) ? type : null;
    }

    /**
     * PHISHING when a tag of the attribute or the event says phishing, else MALWARE. The threat name
     * is the first galaxy cluster tag's value ({@code misp-galaxy:malpedia="Emotet"}) of the
     * attribute, else of the event, else the event's info. First seen is the attribute's {@code
     * first_seen}, else the event's date; last seen its {@code last_seen}, else its {@code
     * timestamp} (when it was last changed), else the event's, dropped when that falls before first
     * seen (only a stated {@code last_seen} before {@code first_seen} is an error).
     */
    private static Verdict verdict(JsonEntry attribute, List<String> attributeTags, MispEvent.Header event) {
        List<String> tags = new ArrayList<>(attributeTags);
        tags.addAll(event.tags());
        boolean phishing =
                tags.stream().anyMatch(tag -> tag.toLowerCase(Locale.ROOT).contains("phishing"));
        String name = galaxy(attributeTags);
        if (name == null) {
            name = galaxy(event.tags());
        }
        if (name == null) {
            name = event.info();
        }
        LocalDate firstSeen = FeedValues.date(attribute.text("first_seen"), "first_seen");
        if (firstSeen == null) {
            firstSeen = event.date();
        }
        LocalDate lastSeen = FeedValues.date(attribute.text("last_seen"), "last_seen");
        if (lastSeen == null) {
            lastSeen = FeedValues.epochDate(attribute.text("timestamp"), "timestamp");
            if (lastSeen == null) {
                lastSeen = event.timestamp();
            }
            if (lastSeen != null && firstSeen != null && lastSeen.isBefore(firstSeen)) {
                lastSeen = null;
            }
        }
        return FeedValues.verdict(phishing ? Category.PHISHING : Category.MALWARE, name, firstSeen, lastSeen);
    }

    /** The value of the first {@code misp-galaxy:<cluster>="<value>"} tag, or null. */
    private static String galaxy(List<String> tags) {
        for (String tag : tags) {
            if (!tag.startsWith(GALAXY_TAG)) {
                continue;
            }
            int open = tag.indexOf("=\"");
            if (open > 0 && tag.endsWith("\"") && tag.length() > open + 3) {
                return tag.substring(open + 2, tag.length() - 1);
            }
        }
        return null;
    }

    private static ReputationRecord file(Hash hash, Verdict verdict) {
        HashType type = hash.type();
        return new ReputationRecord.File(
                new FileHashes(
                        type == HashType.MD5 ? hash : null,
                        type == HashType.SHA1 ? hash : null,
                        type == HashType.SHA256 ? hash : null),
                verdict);
    }

    /** The part before the first {@code |} of a composite value ({@code domain|ip}). */
    private static String first(String value, String type) {
        return parts(value, type)[0];
    }

    /** The part after the last {@code |} ({@code filename|md5}: a file name may itself hold a {@code |}). */
    private static String second(String value, String type) {
        return parts(value, type)[1];
    }

    private static String[] parts(String value, String type) {
        int bar = type.startsWith("filename|") ? value.lastIndexOf('|') : value.indexOf('|');
        if (bar <= 0 || bar == value.length() - 1) {
            throw new InvalidInputException(
                    "invalid-attribute", "a " + type + " value is two parts joined by '|'", value);
        }
        return new String[] {
            value.substring(0, bar).strip(), value.substring(bar + 1).strip()
        };
    }

    private static String withoutPort(String value, String type) {
        String[] parts = parts(value, type);
        Addresses.port(parts[1], value);
        return parts[0];
    }
}
