package dev.outpost.publishing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.outpost.reputation.InvalidInputException;

/**
 * The lines of a text feed, read as bytes and bounded: a line longer than the limit, or one that is
 * not UTF-8, is an error of that line alone, and the next call goes on with the following line, so
 * {@code --skip-invalid} can skip it. {@code BufferedReader.readLine} would hold a line of any length
 * in memory and report bad UTF-8 without a line number.
 *
 * <p>Line ends are LF or CRLF; a UTF-8 byte order mark before the first line is dropped. Shared by the
 * feed readers ({@code publishing.feeds}) and the publisher's own record files ({@link RecordSource}),
 * which meet the same hostile bytes.
 */
public final class FeedLines implements Closeable {
    /** How a line's bytes become text. */
    public enum Decoding {
        /** Strict UTF-8: a malformed byte sequence is an error of its line (the abuse.ch feeds). */
        UTF8,
        /**
         * Each byte one character (ISO-8859-1): never fails. For NSRL's legacy text, which has been
         * non-UTF-8 in practice (interop.md §4.7) and of which only the ASCII hash columns are read.
         */
        BYTES
    }

    private static final int CHUNK_BYTES = 64 * 1024;

    private final InputStream in;
    private final Decoding decoding;
    private final int maxBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private int length;
    private long number;

    public FeedLines(InputStream in, Decoding decoding, int maxBytes) {
        this.in = in;
        this.decoding = decoding;
        this.maxBytes = maxBytes;
    }

    /** The number of the line last returned (or refused), from 1. */
    public long number() {
        return number;
    }

    /**
     * The next line without its line end, or null at the end of the input.
     *
     * @throws InvalidInputException when the line is too long or not valid in its encoding; the
     *     line has been consumed, so reading can go on
     */
    public String next() throws IOException {
        length = 0;
        boolean started = false;
        boolean tooLong = false;
        while (true) {
            if (position == limit) {
                int read = in.read(chunk);
                if (read <= 0) {
                    if (!started) {
                        return null;
                    }
                    break;
                }
                position = 0;
                limit = read;
            }
            started = true;
            int start = position;
            while (position < limit && chunk[position] != '\n') {
                position++;
            }
            int count = position - start;
            if (!tooLong) {
                // One byte more than the limit is held: a CR before the LF, dropped below, is no content.
                if (length + count > maxBytes + 1) {
                    tooLong = true;
                } else {
                    append(start, count);
                }
            }
            if (position < limit) {
                position++;
                break;
            }
        }
        number++;
        if (!tooLong && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (tooLong || length > maxBytes) {
            throw new InvalidInputException("line-too-long", "line is longer than " + maxBytes + " bytes", null);
        }
        int offset = 0;
        if (number == 1 && length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
            offset = 3;
        }
        return decode(offset, length - offset);
    }

    private void append(int start, int count) {
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.min(maxBytes + 1, Math.max(line.length * 2, length + count)));
        }
        System.arraycopy(chunk, start, line, length, count);
        length += count;
    }

    private String decode(int offset, int count) {
        if (decoding == Decoding.BYTES || isAscii(offset, count)) {
            return new String(line, offset, count, StandardCharsets.ISO_8859_1);
        }
        try {
            return utf8.reset().decode(ByteBuffer.wrap(line, offset, count)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("invalid-encoding", "line is not valid UTF-8", null);
        }
    }

    private boolean isAscii(int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            if (line[i] < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
