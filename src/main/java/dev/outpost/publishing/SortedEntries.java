package dev.outpost.publishing;

import java.util.Arrays;

/**
 * Entries of one key space held compactly in two byte arenas, sortable by key without boxing: the
 * publisher's in-memory build path. Fixed-length keys, values up to {@link
 * dev.outpost.reputation.RecordCodec#MAX_VALUE_BYTES}.
 */
final class SortedEntries {
    private final int keyLength;
    private byte[] keys = new byte[1024];
    private byte[] values = new byte[1024];
    private int[] valueOffsets = new int[64];
    private int size;
    private int valueBytes;
    private int[] order;

    SortedEntries(int keyLength) {
        this.keyLength = keyLength;
    }

    void add(byte[] key, byte[] value) {
        if (size == Integer.MAX_VALUE / keyLength - 1) {
            throw new IllegalStateException("too many entries for one in-memory build");
        }
        keys = grow(keys, (long) (size + 1) * keyLength);
        System.arraycopy(key, 0, keys, size * keyLength, keyLength);
        values = grow(values, (long) valueBytes + value.length);
        System.arraycopy(value, 0, values, valueBytes, value.length);
        if (valueOffsets.length < size + 2) {
            valueOffsets = Arrays.copyOf(valueOffsets, valueOffsets.length * 2);
        }
        valueOffsets[size] = valueBytes;
        valueBytes += value.length;
        valueOffsets[size + 1] = valueBytes;
        size++;
        order = null;
    }

    /** Entries added, or after {@link #keepPreferred} the entries kept. */
    int size() {
        return order == null ? size : order.length;
    }

    boolean sorted() {
        return order != null;
    }

    /**
     * After {@link #sort}: of the entries that share a key, keeps the one whose value {@code rank}
     * ranks lowest, the first added among equals (the sort is stable, so a group is in the order
     * added). Returns how many primary entries were dropped, for the record counts.
     */
    int keepPreferred(java.util.function.ToIntFunction<byte[]> rank) {
        int[] kept = new int[order.length];
        int keptCount = 0;
        int droppedPrimaries = 0;
        int start = 0;
        while (start < order.length) {
            int end = start + 1;
            while (end < order.length && compare(order[start], order[end]) == 0) {
                end++;
            }
            int best = order[start];
            int bestRank = rank.applyAsInt(valueAt(best));
            for (int i = start + 1; i < end; i++) {
                int candidateRank = rank.applyAsInt(valueAt(order[i]));
                if (candidateRank < bestRank) {
                    droppedPrimaries += primaryAt(best);
                    best = order[i];
                    bestRank = candidateRank;
                } else {
                    droppedPrimaries += primaryAt(order[i]);
                }
            }
            kept[keptCount++] = best;
            start = end;
        }
        order = Arrays.copyOf(kept, keptCount);
        return droppedPrimaries;
    }

    private byte[] valueAt(int index) {
        return Arrays.copyOfRange(values, valueOffsets[index], valueOffsets[index + 1]);
    }

    private int primaryAt(int index) {
        return dev.outpost.reputation.RecordCodec.isPrimary(valueAt(index)) ? 1 : 0;
    }

    /** Sorts by key (unsigned bytewise), stably; returns the index of a duplicate key, or -1. */
    int sort() {
        order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        int[] scratch = new int[size];
        mergeSort(order, scratch, 0, size);
        for (int i = 1; i < size; i++) {
            if (compare(order[i - 1], order[i]) == 0) {
                return order[i];
            }
        }
        return -1;
    }

    byte[] key(int rank) {
        int index = order[rank];
        return Arrays.copyOfRange(keys, index * keyLength, (index + 1) * keyLength);
    }

    byte[] keyAtInsertion(int index) {
        return Arrays.copyOfRange(keys, index * keyLength, (index + 1) * keyLength);
    }

    byte[] value(int rank) {
        int index = order[rank];
        return Arrays.copyOfRange(values, valueOffsets[index], valueOffsets[index + 1]);
    }

    private void mergeSort(int[] a, int[] tmp, int from, int to) {
        if (to - from < 24) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && compare(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid);
        mergeSort(a, tmp, mid, to);
        if (compare(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && compare(tmp[i], tmp[j]) <= 0)) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }

    private int compare(int left, int right) {
        return Arrays.compareUnsigned(
                keys, left * keyLength, (left + 1) * keyLength, keys, right * keyLength, (right + 1) * keyLength);
    }

    private static byte[] grow(byte[] array, long needed) {
        if (needed <= array.length) {
            return array;
        }
        if (needed > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("too much data for one in-memory build");
        }
        return Arrays.copyOf(array, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, array.length * 2L)));
    }
}
