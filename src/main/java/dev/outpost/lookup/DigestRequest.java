package dev.outpost.lookup;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.InvalidInputException;

/**
 * The body of a bulk file or certificate lookup, {@code {"hashes": [...]}}, read with Jackson's
 * streaming parser straight into key bytes: no list of strings, no {@link Hash} per item (issue 17).
 * Each item is its query as sent, and either the digest's type and bytes or the problem a single
 * lookup of it would have had.
 *
 * <p>Only the body every client sends takes this path: an object whose {@code hashes} is an array of
 * strings and nulls (or null), other fields skipped. Any other body is read again from its start by
 * Jackson's data binding into {@link BulkRequest}, as the endpoint read every body before, so that
 * every body is accepted, refused and named exactly as before.
 */
final class DigestRequest {
    /** Which digests an item may be: any file digest, or a certificate's SHA-256 thumbprint. */
    enum Accepts {
        FILE_DIGESTS,
        SHA256_ONLY
    }

    private final String[] queries;
    private final HashType[] types;
    /** Why the request is refused whole (no array, too many items), or null. */
    private RuntimeException refused;
    /** Items the array held, counted past the limit (only those within it are kept). */
    private int overflow;

    private final byte[][] keys;
    private final LookupOutcome.InvalidInput[] invalid;
    private int size;

    private DigestRequest(int capacity) {
        queries = new String[capacity];
        types = new HashType[capacity];
        keys = new byte[capacity][];
        invalid = new LookupOutcome.InvalidInput[capacity];
    }

    int size() {
        return size;
    }

    /**
     * Throws what refuses the request whole: no {@code hashes} array, or more than {@link
     * BulkLookup#MAX_ITEMS} items. Thrown by the lookup, not the reading, so that monitoring counts
     * it as a refused lookup, as it counts every other.
     */
    void requireAcceptable() {
        if (refused != null) {
            throw refused;
        }
    }

    /** Item {@code i} as it was sent; null for a null item. */
    String query(int i) {
        return queries[i];
    }

    /** The digest's type, or null when the item is invalid. */
    HashType type(int i) {
        return types[i];
    }

    /** The digest's bytes, or null when the item is invalid. */
    byte[] key(int i) {
        return keys[i];
    }

    /** Why item {@code i} cannot be looked up, or null. */
    LookupOutcome.InvalidInput invalid(int i) {
        return invalid[i];
    }

    /**
     * Reads a body (from memory: the guard buffers every body it admits). A body without the array,
     * or with more than {@link BulkLookup#MAX_ITEMS} items, is a request refused whole ({@link
     * #requireAcceptable}).
     */
    static DigestRequest read(InputStream body, ObjectMapper json, Accepts accepts) throws IOException {
        if (!body.markSupported()) {
            // Not through the guard (which buffers every body it admits): read it first, once.
            body = new java.io.ByteArrayInputStream(body.readAllBytes());
        }
        body.mark(Integer.MAX_VALUE);
        try {
            DigestRequest request = stream(body, json.getFactory(), accepts);
            if (request == null) {
                body.reset();
                request = of(json.readValue(body, BulkRequest.class), accepts);
            }
            return request;
        } catch (InvalidInputException | TooManyItemsException e) {
            DigestRequest refused = new DigestRequest(0);
            refused.refused = e;
            return refused;
        }
    }

    /** The items of a body read by data binding; throws when the request is refused whole. */
    static DigestRequest of(BulkRequest request, Accepts accepts) {
        if (request == null || request.hashes() == null) {
            throw missingArray();
        }
        int count = request.hashes().size();
        if (count > BulkLookup.MAX_ITEMS) {
            throw new TooManyItemsException(count, BulkLookup.MAX_ITEMS);
        }
        DigestRequest items = new DigestRequest(count);
        for (String query : request.hashes()) {
            items.addSlow(query, accepts);
        }
        return items;
    }

    /** The items, or null when the body is not of the one shape read here. */
    private static DigestRequest stream(InputStream body, JsonFactory factory, Accepts accepts) throws IOException {
        try (JsonParser parser = factory.createParser(body)) {
            // The body is read again from its start when this returns null.
            parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw missingArray();
            }
            if (token != JsonToken.START_OBJECT) {
                return null;
            }
            DigestRequest items = null;
            boolean seen = false;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                boolean hashes = "hashes".equals(parser.currentName());
                token = parser.nextToken();
                if (!hashes) {
                    parser.skipChildren();
                } else if (seen || token != JsonToken.START_ARRAY) {
                    // A second array, or null or a scalar in its place: data binding says what that is.
                    return null;
                } else {
                    seen = true;
                    items = array(parser, accepts);
                    if (items == null) {
                        return null;
                    }
                }
            }
            if (token != JsonToken.END_OBJECT) {
                return null;
            }
            if (items == null) {
                throw missingArray();
            }
            if (items.overflow > BulkLookup.MAX_ITEMS) {
                // Only now: data binding read the whole body first, so a body broken after its
                // array was malformed, not too large.
                throw new TooManyItemsException(items.overflow, BulkLookup.MAX_ITEMS);
            }
            return items;
        }
    }

    /** The array at the parser; null when an item is neither a string nor null. */
    private static DigestRequest array(JsonParser parser, Accepts accepts) throws IOException {
        DigestRequest items = new DigestRequest(64);
        DigestRequest grown = items;
        int count = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NULL) {
                return null;
            }
            count++;
            if (count > BulkLookup.MAX_ITEMS) {
                // Counted to the end, as data binding would have read them all, for the same message.
                continue;
            }
            if (grown.size == grown.queries.length) {
                grown = grown.grow(Math.min(BulkLookup.MAX_ITEMS, grown.size * 2));
            }
            if (token == JsonToken.VALUE_NULL) {
                grown.addSlow(null, accepts);
            } else {
                grown.add(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength(), accepts);
            }
        }
        grown.overflow = count;
        return grown;
    }

    private DigestRequest grow(int capacity) {
        DigestRequest bigger = new DigestRequest(capacity);
        System.arraycopy(queries, 0, bigger.queries, 0, size);
        System.arraycopy(types, 0, bigger.types, 0, size);
        System.arraycopy(keys, 0, bigger.keys, 0, size);
        System.arraycopy(invalid, 0, bigger.invalid, 0, size);
        bigger.size = size;
        return bigger;
    }

    /** A string item: its hex decoded in place when it is a digest of an accepted length. */
    private void add(char[] text, int offset, int length, Accepts accepts) {
        String query = new String(text, offset, length);
        HashType type = HashType.forHexLength(length);
        if (type == null || (accepts == Accepts.SHA256_ONLY && type != HashType.SHA256)) {
            addSlow(query, accepts);
            return;
        }
        byte[] key = new byte[length / 2];
        for (int i = 0; i < key.length; i++) {
            int hi = Hash.hexValue(text[offset + 2 * i]);
            int lo = Hash.hexValue(text[offset + 2 * i + 1]);
            if ((hi | lo) < 0) {
                addSlow(query, accepts);
                return;
            }
            key[i] = (byte) ((hi << 4) | lo);
        }
        queries[size] = query;
        types[size] = type;
        keys[size] = key;
        size++;
    }

    /** An item parsed as a single lookup parses it, with its problem when it fails. */
    private void addSlow(String query, Accepts accepts) {
        queries[size] = query;
        try {
            if (query == null) {
                throw new InvalidInputException("invalid-hash", "item is null", null);
            }
            Hash hash = accepts == Accepts.SHA256_ONLY ? Hash.parse(query, HashType.SHA256) : Hash.parse(query);
            types[size] = hash.type();
            keys[size] = hash.bytes();
        } catch (InvalidInputException e) {
            invalid[size] = LookupOutcome.InvalidInput.of(query, e);
        }
        size++;
    }

    private static InvalidInputException missingArray() {
        return new InvalidInputException("invalid-request", "request body needs a 'hashes' array", null);
    }
}
