package dev.outpost.bundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.outpost.io.RejectedException;

/**
 * Streams one part of a bundle: reads exactly the part's declared bytes in large chunks, feeds
 * every byte through SHA-256 as it goes, and hands out entries. Nothing read from a part is trusted
 * until {@link #finish()} has compared the digest with the signed manifest, which is why an importer
 * only stages what it decodes and commits after {@code finish()}.
 */
public final class PartReader {
    private static final int CHUNK_BYTES = 1 << 20;

    private final FileChannel file;
    private final Manifest.Part part;
    private final MessageDigest digest;
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
    private long filePosition;
    private long unread;
    private boolean digested;

    public PartReader(FileChannel file, long offset, Manifest.Part part) {
        this.file = file;
        this.part = part;
        this.filePosition = offset;
        this.unread = part.size();
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        chunk.limit(0);
    }

    /** Whether the part has no bytes left. */
    public boolean atEnd() {
        return !chunk.hasRemaining() && unread == 0;
    }

    /** Bytes of this part consumed so far. */
    public long consumed() {
        return part.size() - unread - chunk.remaining();
    }

    public int readByte() throws IOException {
        ensure(1);
        return chunk.get() & 0xFF;
    }

    public void readFully(byte[] target, int length) throws IOException {
        int done = 0;
        while (done < length) {
            ensure(1);
            int n = Math.min(length - done, chunk.remaining());
            chunk.get(target, done, n);
            done += n;
        }
    }

    /** An unsigned LEB128 varint of at most 5 bytes (values below 2^35). */
    public long readVarint() throws IOException {
        long result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new RejectedException("corrupt-part", "part '" + part.name() + "' has an over-long varint");
    }

    /** Checks that the part was consumed exactly and that its digest is the signed one. */
    public void finish() throws IOException {
        if (!atEnd()) {
            throw new RejectedException(
                    "corrupt-part",
                    "part '" + part.name() + "' has " + (unread + chunk.remaining())
                            + " bytes after its last declared entry");
        }
        digested = true;
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(part.sha256())) {
            throw new RejectedException(
                    "part-hash-mismatch",
                    "part '" + part.name() + "' has SHA-256 " + actual + " but the signed manifest says "
                            + part.sha256());
        }
    }

    /**
     * What to report when decoding this part failed. Bytes that differ from what the publisher
     * signed are the finding (damage or tampering), not the decoding error they happened to cause:
     * so the rest of the part (at most its declared size) is read through the digest, and unless the
     * digest is the signed one, the rejection is {@code part-hash-mismatch}. Only a part signed as it
     * is keeps its decoding error: then the publisher signed a bad bundle.
     */
    public RejectedException blame(RejectedException decoding) throws IOException {
        if (digested) {
            return decoding; // finish() compared the digest already: its verdict stands
        }
        digested = true;
        while (unread > 0) {
            chunk.clear();
            int want = (int) Math.min(chunk.capacity(), unread);
            chunk.limit(want);
            while (chunk.hasRemaining()) {
                int n = file.read(chunk, filePosition);
                if (n < 0) {
                    return new RejectedException("truncated", "bundle ends inside part '" + part.name() + "'");
                }
                filePosition += n;
            }
            digest.update(chunk.array(), 0, want);
            unread -= want;
        }
        chunk.limit(0);
        String actual = HexFormat.of().formatHex(digest.digest());
        if (actual.equals(part.sha256())) {
            return decoding;
        }
        return new RejectedException(
                "part-hash-mismatch",
                "part '" + part.name() + "' has SHA-256 " + actual + " but the signed manifest says " + part.sha256()
                        + " (reading it failed first: " + decoding.getMessage() + ")");
    }

    private void ensure(int needed) throws IOException {
        if (chunk.remaining() >= needed) {
            return;
        }
        if (unread == 0) {
            throw new RejectedException("corrupt-part", "part '" + part.name() + "' ends in the middle of an entry");
        }
        chunk.compact();
        int want = (int) Math.min(chunk.remaining(), unread);
        int start = chunk.position();
        chunk.limit(start + want);
        while (chunk.hasRemaining()) {
            int n = file.read(chunk, filePosition);
            if (n < 0) {
                throw new RejectedException("truncated", "bundle ends inside part '" + part.name() + "'");
            }
            filePosition += n;
        }
        digest.update(chunk.array(), start, want);
        unread -= want;
        chunk.flip();
    }

    /** Reads the threat-name dictionary part: UTF-8 names without control characters. */
    public static List<String> readNames(PartReader reader, Manifest.Part part) throws IOException {
        List<String> names = new ArrayList<>((int) Math.min(part.entries(), 1 << 16));
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (long i = 0; i < part.entries(); i++) {
            long length = reader.readVarint();
            if (length < 1 || length > BundleFormat.MAX_NAME_BYTES) {
                throw new RejectedException("corrupt-part", "threat name " + i + " has length " + length);
            }
            byte[] bytes = new byte[(int) length];
            reader.readFully(bytes, bytes.length);
            try {
                String name = decoder.decode(ByteBuffer.wrap(bytes)).toString();
                names.add(validName(name, i));
            } catch (CharacterCodingException e) {
                throw new RejectedException("corrupt-part", "threat name " + i + " is not valid UTF-8");
            }
        }
        reader.finish();
        return names;
    }

    private static String validName(String name, long index) {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new RejectedException("corrupt-part", "threat name " + index + " contains a control character");
            }
        }
        return name;
    }
}
