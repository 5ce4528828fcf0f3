package dev.outpost.publishing;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;

import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.ObjectKind;
import dev.outpost.reputation.RecordCodec;

/**
 * The entries a bundle keeps from a sorted stream in which several may share a key, by {@link
 * BundleWriter.Duplicates}: {@code REJECT} fails on the first shared key (the smallest of the first
 * key space that has one); {@code MOST_SEVERE_FIRST} keeps the entry whose zone is most severe, the
 * first added among equals (the stream has equal keys in insertion order), and counts the primary
 * entries it drops so that record counts can be corrected.
 */
final class KeptEntries implements EntryCursor {
    private final EntryCursor in;
    private final BundleWriter.Duplicates policy;
    private final long[] droppedPrimaries = new long[ObjectKind.values().length];
    private Slot current = new Slot();
    private Slot pending = new Slot();
    private boolean pendingValid;
    private boolean exhausted;

    KeptEntries(EntryCursor in, BundleWriter.Duplicates policy) {
        this.in = in;
        this.policy = policy;
    }

    @Override
    public boolean next() throws IOException {
        if (pendingValid) {
            Slot swap = current;
            current = pending;
            pending = swap;
            pendingValid = false;
        } else if (exhausted || !in.next()) {
            exhausted = true;
            return false;
        } else {
            current.copy(in);
        }
        while (in.next()) {
            if (in.space() != current.space || !Arrays.equals(in.key(), current.key)) {
                pending.copy(in);
                pendingValid = true;
                return true;
            }
            resolve();
        }
        exhausted = true;
        return true;
    }

    /** {@code in} has the current entry's key. */
    private void resolve() {
        if (policy == BundleWriter.Duplicates.REJECT) {
            String hex = HexFormat.of().formatHex(current.key);
            throw new InvalidInputException(
                    "duplicate-record",
                    "more than one record for " + current.space.id() + " " + hex + ": merge them before building",
                    hex);
        }
        int candidate = RecordCodec.zone(in.value()[0]).ordinal();
        int kept = RecordCodec.zone(current.value[0]).ordinal();
        if (candidate < kept) {
            dropped(current.space, current.value);
            current.copy(in);
        } else {
            dropped(in.space(), in.value());
        }
    }

    private void dropped(KeySpace space, byte[] value) {
        if (RecordCodec.isPrimary(value)) {
            droppedPrimaries[space.kind().ordinal()]++;
        }
    }

    /** Primary entries of {@code kind} dropped so far: records that lost to another. */
    long droppedPrimaries(ObjectKind kind) {
        return droppedPrimaries[kind.ordinal()];
    }

    @Override
    public KeySpace space() {
        return current.space;
    }

    @Override
    public byte[] key() {
        return current.key;
    }

    @Override
    public byte[] value() {
        return current.value;
    }

    @Override
    public int valueLength() {
        return current.length;
    }

    @Override
    public long position() {
        return current.position;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** A copy of one entry: the input's arrays change when it moves on. */
    private static final class Slot {
        private final byte[][] keys = new byte[KeySpace.values().length][];
        private KeySpace space;
        private byte[] key;
        private byte[] value = new byte[256];
        private int length;
        private long position;

        void copy(EntryCursor from) {
            space = from.space();
            key = keys[space.ordinal()];
            if (key == null) {
                key = new byte[space.keyLength()];
                keys[space.ordinal()] = key;
            }
            System.arraycopy(from.key(), 0, key, 0, key.length);
            length = from.valueLength();
            if (value.length < length) {
                value = new byte[length];
            }
            System.arraycopy(from.value(), 0, value, 0, length);
            position = from.position();
        }
    }
}
