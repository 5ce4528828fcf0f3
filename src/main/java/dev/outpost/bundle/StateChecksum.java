package dev.outpost.bundle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import dev.outpost.reputation.KeySpace;

/**
 * The checksum of a whole dataset state (ADR 0007), after Safe Browsing's state checksums but
 * incremental: the sum, modulo 2^256, of one SHA-256 per entry, plus the entry count. Adding or
 * removing an entry costs one hash whatever the dataset's size, so that a delta can be checked in
 * time proportional to the delta. An entry is hashed by meaning, with its threat name spelled out
 * instead of its dictionary id, so the same records give the same state however a bundle numbered
 * its names.
 *
 * <pre>
 * entry hash = SHA-256(key space id || 0x00 || key || value with the name id varint replaced by
 *              varint(UTF-8 length + 1, or 0 for none) || UTF-8 name)
 * stateSha256 = SHA-256("OUTPOST-STATE-V1\n" || sum as 32 bytes big-endian || count as 8 bytes)
 * </pre>
 *
 * It detects any divergence between the publisher's state and the appliance's; it is not what makes
 * a bundle authentic (signatures and part digests are), so a sum is strong enough (ADR 0007).
 */
public final class StateChecksum {
    private static final byte[] CONTEXT = "OUTPOST-STATE-V1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SUM_BYTES = 32;
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Each key space's id and the 0x00 after it, encoded once: this runs once per imported entry. */
    private static final byte[][] SPACE_PREFIXES = new byte[KeySpace.values().length][];

    static {
        for (KeySpace space : KeySpace.values()) {
            byte[] id = space.id().getBytes(StandardCharsets.US_ASCII);
            SPACE_PREFIXES[space.ordinal()] = java.util.Arrays.copyOf(id, id.length + 1);
        }
    }

    /** The sum as four 64-bit limbs, most significant first. */
    private final long[] sum = new long[4];

    private final MessageDigest digest = BundleFormat.sha256();
    private final byte[] entryHash = new byte[SUM_BYTES];
    private long count;
    /** The dictionary last seen and its names as UTF-8 with their length varints, encoded once. */
    private List<String> encodedFor;

    private byte[][] encodedNames;

    public StateChecksum() {}

    /** Continues from a state saved by {@link #state()}. */
    public static StateChecksum fromState(String state) {
        byte[] bytes = HexFormat.of().parseHex(state);
        if (bytes.length != SUM_BYTES + 8) {
            throw new IllegalArgumentException("a saved state is " + (SUM_BYTES + 8) + " bytes");
        }
        StateChecksum checksum = new StateChecksum();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        for (int i = 0; i < 4; i++) {
            checksum.sum[i] = in.getLong();
        }
        checksum.count = in.getLong();
        return checksum;
    }

    /** Adds one entry; {@code names} is the dictionary its name id refers to. */
    public void add(KeySpace space, byte[] key, byte[] value, int valueLength, List<String> names) {
        hash(space, key, value, valueLength, names);
        long carry = 0;
        for (int i = 3; i >= 0; i--) {
            long limb = (long) LONG_BE.get(entryHash, i * 8);
            long total = sum[i] + limb + carry;
            carry = (Long.compareUnsigned(total, sum[i]) < 0 || (carry == 1 && total == sum[i])) ? 1 : 0;
            sum[i] = total;
        }
        count++;
    }

    /** Removes one entry that {@link #add} added (with the same meaning). */
    public void remove(KeySpace space, byte[] key, byte[] value, int valueLength, List<String> names) {
        hash(space, key, value, valueLength, names);
        long borrow = 0;
        for (int i = 3; i >= 0; i--) {
            long limb = (long) LONG_BE.get(entryHash, i * 8);
            long total = sum[i] - limb - borrow;
            borrow = (Long.compareUnsigned(sum[i], limb) < 0 || (borrow == 1 && sum[i] == limb)) ? 1 : 0;
            sum[i] = total;
        }
        count--;
    }

    public long count() {
        return count;
    }

    /** The saved form: sum and count, hex; what a generation keeps so a delta can continue from it. */
    public String state() {
        ByteBuffer out = ByteBuffer.allocate(SUM_BYTES + 8);
        for (long limb : sum) {
            out.putLong(limb);
        }
        return HexFormat.of().formatHex(out.putLong(count).array());
    }

    /** The checksum a manifest names: lowercase hex SHA-256. */
    public String sha256() {
        MessageDigest finish = BundleFormat.sha256();
        finish.update(CONTEXT);
        finish.update(HexFormat.of().parseHex(state()));
        return HexFormat.of().formatHex(finish.digest());
    }

    private byte[] encodedName(List<String> names, int id) {
        if (names != encodedFor || names.size() != encodedNames.length) {
            encodedFor = names;
            encodedNames = new byte[names.size()][];
        }
        byte[] encoded = encodedNames[id];
        if (encoded == null) {
            byte[] name = names.get(id).getBytes(StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(name.length + 2);
            for (long length = name.length + 1L; ; length >>>= 7) {
                if ((length & ~0x7FL) == 0) {
                    out.write((int) length);
                    break;
                }
                out.write((int) ((length & 0x7F) | 0x80));
            }
            out.writeBytes(name);
            encoded = out.toByteArray();
            encodedNames[id] = encoded;
        }
        return encoded;
    }

    private void hash(KeySpace space, byte[] key, byte[] value, int valueLength, List<String> names) {
        digest.update(SPACE_PREFIXES[space.ordinal()]);
        digest.update(key);
        digest.update(value[0]);
        // The name id varint starts at byte 1; the importer has validated the value.
        int pos = 1;
        long nameId = 0;
        for (int shift = 0; ; shift += 7) {
            int b = value[pos++] & 0xFF;
            nameId |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (nameId == 0) {
            digest.update((byte) 0);
        } else {
            digest.update(encodedName(names, (int) (nameId - 1)));
        }
        digest.update(value, pos, valueLength - pos);
        try {
            digest.digest(entryHash, 0, SUM_BYTES);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 refused a 32-byte output buffer", e);
        }
    }
}
