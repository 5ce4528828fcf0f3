package dev.outpost.bundle;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import dev.outpost.io.RejectedException;
import dev.outpost.reputation.IpKey;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.RecordCodec;

/**
 * The entries of one record part of a verified bundle, read in order: every key strictly after the
 * one before it, every value bounded and validated as the record codec validates it. Full imports,
 * deltas and re-reading a bundle into records all read parts through this one place, so they refuse
 * the same things with the same reasons. Two key buffers and one value buffer are reused: {@link
 * #key()} and {@link #value()} hold until the next {@link #next()}.
 */
public final class PartEntries {
    private final PartReader reader;
    private final Manifest.Part part;
    private final KeySpace space;
    private final int nameCount;
    private final boolean withValues;
    private final boolean listedNames;

    private byte[] key;
    private byte[] previous;
    private final byte[] value;
    private int length;
    private boolean primary;
    private long index = -1;

    /**
     * @param withValues false for a delta's removal parts, which hold keys only
     * @param nameCount entries of the threat name dictionary that values may refer to
     * @param listedNames whether domain values may carry their names ({@link Manifest#allowsListedNames})
     */
    public PartEntries(
            PartReader reader,
            Manifest.Part part,
            KeySpace space,
            int nameCount,
            boolean withValues,
            boolean listedNames) {
        this.reader = reader;
        this.part = part;
        this.space = space;
        this.nameCount = nameCount;
        this.withValues = withValues;
        this.listedNames = listedNames;
        this.key = new byte[space.keyLength()];
        this.previous = new byte[space.keyLength()];
        this.value = withValues ? new byte[RecordCodec.MAX_VALUE_BYTES] : null;
    }

    /** Reads the next entry; false once the manifest's count of entries has been read. */
    public boolean next() throws IOException {
        if (index + 1 >= part.entries()) {
            return false;
        }
        index++;
        byte[] swap = previous;
        previous = key;
        key = swap;
        reader.readFully(key, key.length);
        checkKey();
        if (index > 0) {
            int order = Arrays.compareUnsigned(previous, key);
            if (order >= 0) {
                throw new RejectedException(
                        order == 0 ? "duplicate-record" : "records-out-of-order",
                        "part '" + part.name() + "' entry " + index
                                + (order == 0 ? " repeats the previous key" : " is not in ascending key order"));
            }
        }
        if (withValues) {
            readValue();
        }
        return true;
    }

    /**
     * Every key must be one a lookup builds (issue 11 item 9); anything else would be imported as a
     * record no lookup finds. Digest keys (file, certificate, domain, URL expression) are any bytes
     * of their length, which the read already fixed; an ip-range key has a shape of its own. The
     * switch names every key space, so a new one cannot be added without deciding its shape.
     */
    private void checkKey() {
        Optional<String> defect =
                switch (space) {
                    case FILE_MD5, FILE_SHA1, FILE_SHA256, CERT_SHA256, DOMAIN_SHA256, URL_EXPRESSION ->
                        Optional.empty();
                    case IP_RANGE -> IpKey.defect(key);
                };
        if (defect.isPresent()) {
            throw new RejectedException(
                    "invalid-key",
                    "part '" + part.name() + "' entry " + index + " has an invalid " + space.id() + " key "
                            + HexFormat.of().formatHex(key) + ": " + defect.get());
        }
    }

    private void readValue() throws IOException {
        long declared = reader.readVarint();
        if (declared < 1 || declared > RecordCodec.MAX_VALUE_BYTES) {
            throw new RejectedException(
                    "corrupt-record",
                    "part '" + part.name() + "' entry " + index + " declares a value of " + declared + " bytes");
        }
        length = (int) declared;
        reader.readFully(value, length);
        try {
            primary = RecordCodec.validate(space, key, value, length, nameCount);
            if (!listedNames && RecordCodec.carriesName(space, value, length)) {
                throw new RecordCodec.CorruptRecordException(
                        "a domain value carries its name, which only manifest format "
                                + BundleFormat.MANIFEST_FORMAT_LISTED_NAMES + " allows");
            }
        } catch (RecordCodec.CorruptRecordException e) {
            throw new RejectedException(
                    "corrupt-record", "part '" + part.name() + "' entry " + index + ": " + e.detail());
        }
    }

    /** The current key; the buffer is reused by the next {@link #next()}. */
    public KeySpace space() {
        return space;
    }

    public byte[] key() {
        return key;
    }

    /** The current value's bytes, {@link #length()} of them; reused by the next {@link #next()}. */
    public byte[] value() {
        return value;
    }

    public int length() {
        return length;
    }

    /** Whether the current entry is its record's primary entry (it counts the record). */
    public boolean primary() {
        return primary;
    }

    /** Entries read so far. */
    public long read() {
        return index + 1;
    }

    /** Checks the part's digest once every entry is read; before this, nothing read is trusted. */
    public void finish() throws IOException {
        reader.finish();
    }
}
