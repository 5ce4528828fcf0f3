package dev.outpost.reputation;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * Encodes the value stored under each key: the same bytes travel in a bundle part and sit in a
 * column family, so an import copies them without re-encoding (ADR 0002, offline-bundles/FORMAT.md
 * §Record values).
 *
 * <pre>
 * byte 0   bits 0-3 category code, bit 4 primary entry, bit 5 has MD5, bit 6 has SHA-1, bit 7 has SHA-256
 * varint   threat name id + 1 (0: none)      ids index the bundle's name dictionary
 * varint   first seen, epoch day + 1 (0: unknown)
 * varint   last seen, epoch day + 1 (0: unknown)
 * varint   popularity
 * bytes    the file's other digests, MD5 then SHA-1 then SHA-256, each only if flagged and not the key
 * </pre>
 *
 * <p>A {@code domain-sha256} value may end with the domain's name (bit 5, which only file values
 * otherwise use): a varint length, then the canonical name in ASCII, whose SHA-256 must be the key.
 * The publisher decides whether its domains can be listed (RPZ and Bloom exports, issue 16); a name
 * that does not hash to its key is a corrupt record, so a listed name can never claim another key.
 */
public final class RecordCodec {
    /** Longest domain name (RFC 1035 §2.3.4: 255 octets on the wire, 253 characters written out). */
    public static final int MAX_DOMAIN_NAME_BYTES = 253;

    /**
     * Largest encoded value: header, four 10-byte varints, then either two other digests or a
     * domain's name with its length.
     */
    public static final int MAX_VALUE_BYTES = 1 + 4 * 10 + Math.max(20 + 32, 2 + MAX_DOMAIN_NAME_BYTES);

    private static final int CATEGORY_MASK = 0x0F;
    private static final int PRIMARY = 0x10;
    private static final int HAS_MD5 = 0x20;
    private static final int HAS_SHA1 = 0x40;
    private static final int HAS_SHA256 = 0x80;
    /** In a {@code domain-sha256} value: the domain's name follows. */
    private static final int NAMED = HAS_MD5;

    private static final long MAX_EPOCH_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private RecordCodec() {}

    /** Encodes a file record's value as stored under its digest of type {@code keyType}. */
    public static byte[] encodeFile(FileHashes hashes, Verdict verdict, int nameId, HashType keyType) {
        int flags = verdict.category().code();
        if (hashes.primaryType() == keyType) {
            flags |= PRIMARY;
        }
        flags |= hashes.md5() != null ? HAS_MD5 : 0;
        flags |= hashes.sha1() != null ? HAS_SHA1 : 0;
        flags |= hashes.sha256() != null ? HAS_SHA256 : 0;
        Writer out = new Writer();
        writeCommon(out, flags, verdict, nameId);
        for (HashType type : HashType.values()) {
            Hash hash = hashes.get(type);
            if (hash != null && type != keyType) {
                out.bytes(hash.unsafeBytes());
            }
        }
        return out.toArray();
    }

    /** Encodes a certificate record's value; certificate entries are always primary. */
    public static byte[] encodeCertificate(Verdict verdict, int nameId) {
        Writer out = new Writer();
        writeCommon(out, verdict.category().code() | PRIMARY, verdict, nameId);
        return out.toArray();
    }

    /**
     * Encodes a URL, domain or IP range value: the verdict as certificates carry it, and for a domain
     * that the publisher lets appliances list, its name.
     */
    public static byte[] encodeKeyed(ReputationRecord.Keyed record, int nameId) {
        String name = record.name();
        Writer out = new Writer();
        writeCommon(
                out,
                record.verdict().category().code() | PRIMARY | (name == null ? 0 : NAMED),
                record.verdict(),
                nameId);
        if (name != null) {
            byte[] ascii = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            out.varint(ascii.length);
            out.bytes(ascii);
        }
        return out.toArray();
    }

    private static void writeCommon(Writer out, int flags, Verdict verdict, int nameId) {
        out.raw(flags);
        out.varint(nameId + 1L);
        out.varint(verdict.firstSeen() == null ? 0 : verdict.firstSeen().toEpochDay() + 1);
        out.varint(verdict.lastSeen() == null ? 0 : verdict.lastSeen().toEpochDay() + 1);
        out.varint(verdict.popularity());
    }

    /**
     * Decodes and fully validates one value; used both when importing (to refuse a bad bundle) and
     * when answering. {@code names} is the generation's threat name dictionary.
     */
    public static ReputationRecord decode(KeySpace space, byte[] key, byte[] value, String[] names) {
        Reader in = new Reader(value);
        int flags = in.raw();
        Category category = Category.fromCode(flags & CATEGORY_MASK);
        if (category == null || category == Category.UNKNOWN) {
            throw new CorruptRecordException("unknown verdict code " + (flags & CATEGORY_MASK));
        }
        long nameRef = in.varint();
        if (nameRef > names.length) {
            throw new CorruptRecordException("threat name id " + (nameRef - 1) + " is not in the name dictionary");
        }
        String threatName = nameRef == 0 ? null : names[(int) nameRef - 1];
        LocalDate firstSeen = day(in.varint());
        LocalDate lastSeen = day(in.varint());
        long popularity = in.varint();
        Verdict verdict;
        try {
            verdict = new Verdict(category, threatName, firstSeen, lastSeen, popularity);
        } catch (InvalidInputException e) {
            throw new CorruptRecordException(e.detail());
        }
        ReputationRecord record;
        if (space.kind() == ObjectKind.FILE) {
            if ((flags & hashFlag(space.keyType())) == 0) {
                throw new CorruptRecordException("entry does not flag its own digest type");
            }
            Hash[] byType = new Hash[HashType.values().length];
            for (HashType type : HashType.values()) {
                if ((flags & hashFlag(type)) != 0) {
                    byType[type.ordinal()] = type == space.keyType()
                            ? Hash.ofBytes(type, key)
                            : Hash.ofBytes(type, in.bytes(type.length()));
                }
            }
            FileHashes hashes = new FileHashes(byType[0], byType[1], byType[2]);
            boolean primary = (flags & PRIMARY) != 0;
            if (primary != (hashes.primaryType() == space.keyType())) {
                throw new CorruptRecordException("primary flag does not match the record's strongest digest");
            }
            record = new ReputationRecord.File(hashes, verdict);
        } else {
            boolean named = checkKeyedFlags(space, flags);
            String name = null;
            if (named) {
                long length = in.varint();
                if (length < 1 || length > MAX_DOMAIN_NAME_BYTES) {
                    throw new CorruptRecordException("domain name length " + length + " is out of range");
                }
                byte[] ascii = in.bytes((int) length);
                checkDomainName(key, ascii, 0, ascii.length);
                name = new String(ascii, java.nio.charset.StandardCharsets.US_ASCII);
            }
            record = space.kind() == ObjectKind.CERTIFICATE
                    ? new ReputationRecord.Certificate(Hash.ofBytes(space.keyType(), key), verdict)
                    : new ReputationRecord.Keyed(space, key, verdict, name);
        }
        if (!in.atEnd()) {
            throw new CorruptRecordException("value has " + in.remaining() + " trailing bytes");
        }
        return record;
    }

    /**
     * Checks a value as strictly as {@link #decode} but without building objects: the import path,
     * where allocation per record would halve throughput. Returns whether the entry is primary.
     * {@code RecordCodecTest} checks that it accepts exactly what {@code decode} accepts.
     */
    public static boolean validate(KeySpace space, byte[] key, byte[] value, int length, int nameCount) {
        int pos = 0;
        if (length < 1) {
            throw new CorruptRecordException("value is truncated");
        }
        int flags = value[pos++] & 0xFF;
        Category category = Category.fromCode(flags & CATEGORY_MASK);
        if (category == null || category == Category.UNKNOWN) {
            throw new CorruptRecordException("unknown verdict code " + (flags & CATEGORY_MASK));
        }
        long[] field = new long[1];
        pos = varint(value, pos, length, field);
        if (field[0] > nameCount) {
            throw new CorruptRecordException("threat name id " + (field[0] - 1) + " is not in the name dictionary");
        }
        pos = varint(value, pos, length, field);
        long firstSeen = field[0];
        pos = varint(value, pos, length, field);
        long lastSeen = field[0];
        if (firstSeen - 1 > MAX_EPOCH_DAY || lastSeen - 1 > MAX_EPOCH_DAY) {
            throw new CorruptRecordException("date out of range");
        }
        if (firstSeen != 0 && lastSeen != 0 && lastSeen < firstSeen) {
            throw new CorruptRecordException("lastSeen is before firstSeen");
        }
        pos = varint(value, pos, length, field);
        boolean primary = (flags & PRIMARY) != 0;
        int expectedRest;
        if (space.kind() == ObjectKind.FILE) {
            if ((flags & hashFlag(space.keyType())) == 0) {
                throw new CorruptRecordException("entry does not flag its own digest type");
            }
            expectedRest = 0;
            HashType strongest = null;
            for (HashType type : HashType.values()) {
                if ((flags & hashFlag(type)) != 0) {
                    strongest = type;
                    expectedRest += type == space.keyType() ? 0 : type.length();
                }
            }
            if (primary != (strongest == space.keyType())) {
                throw new CorruptRecordException("primary flag does not match the record's strongest digest");
            }
        } else {
            expectedRest = 0;
            if (checkKeyedFlags(space, flags)) {
                pos = varint(value, pos, length, field);
                if (field[0] < 1 || field[0] > MAX_DOMAIN_NAME_BYTES) {
                    throw new CorruptRecordException("domain name length " + field[0] + " is out of range");
                }
                expectedRest = (int) field[0];
                if (length - pos >= expectedRest) {
                    checkDomainName(key, value, pos, expectedRest);
                }
            }
        }
        if (length - pos < expectedRest) {
            throw new CorruptRecordException("value is truncated");
        }
        if (length - pos > expectedRest) {
            throw new CorruptRecordException("value has " + (length - pos - expectedRest) + " trailing bytes");
        }
        return primary;
    }

    /** Whether a (valid) value of {@code space} carries a listed domain name (ADR 0019). */
    public static boolean carriesName(KeySpace space, byte[] value, int length) {
        return space == KeySpace.DOMAIN_SHA256 && length > 0 && (value[0] & NAMED) != 0;
    }

    /** Flags of a value that is not a file's; returns whether a domain's name follows. */
    private static boolean checkKeyedFlags(KeySpace space, int flags) {
        boolean named = space == KeySpace.DOMAIN_SHA256 && (flags & NAMED) != 0;
        if ((flags & (HAS_MD5 | HAS_SHA1 | HAS_SHA256) & ~(named ? NAMED : 0)) != 0 || (flags & PRIMARY) == 0) {
            throw new CorruptRecordException("certificate entry has file flags");
        }
        return named;
    }

    /** A listed domain's name: lower-case host name characters, and its SHA-256 is the entry's key. */
    private static void checkDomainName(byte[] key, byte[] bytes, int offset, int length) {
        if (!isListableName(bytes, offset, length)) {
            throw new CorruptRecordException(
                    "domain name is not a lower-case DNS host name (labels of a-z, 0-9, '-' and '_', 1 to 63 long)");
        }
        java.security.MessageDigest sha256 = DomainKey.sha256();
        sha256.update(bytes, offset, length);
        if (!java.security.MessageDigest.isEqual(sha256.digest(), key)) {
            throw new CorruptRecordException("domain name does not hash to its key");
        }
    }

    /**
     * Whether a name can be written into a DNS zone as it is (RFC 1035 §2.3.1 labels, plus '_' as
     * in service names): the only names a value may carry, since exports write them into RPZ zones,
     * where a '*' or a space would change what a rule matches.
     */
    public static boolean isListableName(byte[] bytes, int offset, int length) {
        if (length < 1 || length > MAX_DOMAIN_NAME_BYTES) {
            return false;
        }
        int label = 0;
        for (int i = offset; i < offset + length; i++) {
            int c = bytes[i];
            if (c == '.') {
                if (label == 0) {
                    return false;
                }
                label = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                if (++label > 63) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return label > 0;
    }

    private static int varint(byte[] buf, int pos, int length, long[] out) {
        long result = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (pos >= length) {
                throw new CorruptRecordException("value is truncated");
            }
            int b = buf[pos++] & 0xFF;
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                out[0] = result;
                return pos;
            }
        }
        throw new CorruptRecordException("varint is too long");
    }

    /**
     * The zone of an encoded value's verdict, from its first byte alone: a publisher merging sources
     * ranks duplicates by it without decoding them. Null for a code this version does not know.
     */
    public static Zone zone(byte flags) {
        Category category = Category.fromCode(flags & CATEGORY_MASK);
        return category == null ? null : category.zone();
    }

    /** Whether an encoded value is its record's primary entry (one per record). */
    public static boolean isPrimary(byte[] value) {
        return value.length > 0 && (value[0] & PRIMARY) != 0;
    }

    private static int hashFlag(HashType type) {
        return switch (type) {
            case MD5 -> HAS_MD5;
            case SHA1 -> HAS_SHA1;
            case SHA256 -> HAS_SHA256;
        };
    }

    private static LocalDate day(long ref) {
        if (ref == 0) {
            return null;
        }
        if (ref - 1 > MAX_EPOCH_DAY) {
            throw new CorruptRecordException("date out of range");
        }
        return LocalDate.ofEpochDay(ref - 1);
    }

    /** A stored or bundled value that does not decode; never a client's fault. */
    public static final class CorruptRecordException extends OutpostException {
        public CorruptRecordException(String detail) {
            super("corrupt-record", detail);
        }
    }

    private static final class Writer {
        private byte[] buf = new byte[32];
        private int len;

        void raw(int b) {
            ensure(1);
            buf[len++] = (byte) b;
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                raw((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            raw((int) v);
        }

        void bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        private void ensure(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, len);
        }
    }

    private static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        int raw() {
            if (pos >= buf.length) {
                throw new CorruptRecordException("value is truncated");
            }
            return buf[pos++] & 0xFF;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 63; shift += 7) {
                int b = raw();
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new CorruptRecordException("varint is too long");
        }

        byte[] bytes(int n) {
            if (buf.length - pos < n) {
                throw new CorruptRecordException("value is truncated");
            }
            byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return out;
        }

        boolean atEnd() {
            return pos == buf.length;
        }

        int remaining() {
            return buf.length - pos;
        }
    }
}
