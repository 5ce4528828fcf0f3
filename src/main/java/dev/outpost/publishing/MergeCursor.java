package dev.outpost.publishing;

import java.io.IOException;
import java.util.List;

import dev.outpost.reputation.KeySpace;

/**
 * A k-way merge of sorted cursors through a binary min-heap: the entry it shows is the smallest
 * current entry of its inputs by key space, key and insertion position, so the merge is stable
 * whatever order the inputs come in. Closing it closes every input.
 */
final class MergeCursor implements EntryCursor {
    private final List<? extends EntryCursor> inputs;
    private final EntryCursor[] heap;
    private int size;
    private boolean started;

    MergeCursor(List<? extends EntryCursor> inputs) {
        this.inputs = List.copyOf(inputs);
        this.heap = new EntryCursor[inputs.size()];
    }

    @Override
    public boolean next() throws IOException {
        if (!started) {
            started = true;
            for (EntryCursor input : inputs) {
                if (input.next()) {
                    heap[size++] = input;
                }
            }
            for (int i = size / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
            return size > 0;
        }
        if (size == 0) {
            return false;
        }
        if (!heap[0].next()) {
            heap[0] = heap[--size];
            heap[size] = null;
        }
        if (size > 0) {
            siftDown(0);
        }
        return size > 0;
    }

    private void siftDown(int at) {
        EntryCursor moving = heap[at];
        int i = at;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && EntryCursor.compare(heap[child + 1], heap[child]) < 0) {
                child++;
            }
            if (EntryCursor.compare(heap[child], moving) >= 0) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = moving;
    }

    @Override
    public KeySpace space() {
        return heap[0].space();
    }

    @Override
    public byte[] key() {
        return heap[0].key();
    }

    @Override
    public byte[] value() {
        return heap[0].value();
    }

    @Override
    public int valueLength() {
        return heap[0].valueLength();
    }

    @Override
    public long position() {
        return heap[0].position();
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (EntryCursor input : inputs) {
            try {
                input.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
