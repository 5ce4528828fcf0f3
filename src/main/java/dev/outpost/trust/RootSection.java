package dev.outpost.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import dev.outpost.io.RejectedException;

/**
 * The binary framing of signed root documents, in a bundle's roots section and in the appliance's
 * stored chain ({@code offline-bundles/FORMAT.md}, "Roots section"). Every length and count is
 * bounded before anything is allocated; nothing here is trusted until {@link RootChain} has walked it.
 *
 * <pre>
 * u16 count                                   0..MAX_ROOTS
 * count x {
 *   u32 document length L                     1..RootDocument.MAX_BYTES
 *   L   document bytes (JSON, as signed)
 *   u16 signature count                       1..TrustedKeys.MAX_SIGNATURES
 *   signature count x { 32-byte key id, 64-byte Ed25519 signature }
 * }
 * </pre>
 */
public final class RootSection {
    /** A chain longer than this is not a rotation history but an attempt to make us verify forever. */
    public static final int MAX_ROOTS = 32;

    /** One root with the most signatures allowed: the largest file {@link #readFile} accepts. */
    private static final long MAX_FILE_BYTES =
            2 + 4 + RootDocument.MAX_BYTES + 2 + TrustedKeys.MAX_SIGNATURES * TrustedKeys.SIGNATURE_ENTRY_BYTES;

    public static final long MAX_BYTES = 2
            + (long) MAX_ROOTS
                    * (4 + RootDocument.MAX_BYTES + 2 + TrustedKeys.MAX_SIGNATURES * TrustedKeys.SIGNATURE_ENTRY_BYTES);

    private RootSection() {}

    public static byte[] encode(List<SignedRoot> roots) {
        if (roots.size() > MAX_ROOTS) {
            throw new IllegalArgumentException("at most " + MAX_ROOTS + " root documents fit in a bundle");
        }
        int size = 2;
        for (SignedRoot root : roots) {
            int signatures = root.signatures().size();
            if (signatures < 1 || signatures > TrustedKeys.MAX_SIGNATURES) {
                throw new IllegalArgumentException(
                        "a root document needs 1.." + TrustedKeys.MAX_SIGNATURES + " signatures, not " + signatures);
            }
            size += 4 + root.document().length + 2 + signatures * TrustedKeys.SIGNATURE_ENTRY_BYTES;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putShort((short) roots.size());
        for (SignedRoot root : roots) {
            byte[] document = root.document();
            out.putInt(document.length).put(document);
            out.putShort((short) root.signatures().size());
            for (SignedRoot.KeySignature signature : root.signatures()) {
                out.put(HexFormat.of().parseHex(signature.keyId())).put(signature.signature());
            }
        }
        return out.array();
    }

    /** Decodes a section; any framing error is {@code malformed-roots}, naming where it is. */
    public static List<SignedRoot> decode(byte[] section) {
        if (section.length > MAX_BYTES) {
            throw malformed("roots section is " + section.length + " bytes, above the limit of " + MAX_BYTES);
        }
        ByteBuffer in = ByteBuffer.wrap(section);
        try {
            int count = Short.toUnsignedInt(in.getShort());
            if (count > MAX_ROOTS) {
                throw malformed("roots section holds " + count + " root documents, above the limit of " + MAX_ROOTS);
            }
            List<SignedRoot> roots = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long length = Integer.toUnsignedLong(in.getInt());
                if (length < 1 || length > RootDocument.MAX_BYTES || length > in.remaining()) {
                    throw malformed("root document " + (i + 1) + " declares " + length + " bytes; it must be 1.."
                            + RootDocument.MAX_BYTES + " and fit in the section");
                }
                byte[] document = new byte[(int) length];
                in.get(document);
                int signatureCount = Short.toUnsignedInt(in.getShort());
                if (signatureCount < 1 || signatureCount > TrustedKeys.MAX_SIGNATURES) {
                    throw malformed("root document " + (i + 1) + " has " + signatureCount + " signatures; 1.."
                            + TrustedKeys.MAX_SIGNATURES + " allowed");
                }
                List<SignedRoot.KeySignature> signatures = new ArrayList<>(signatureCount);
                for (int s = 0; s < signatureCount; s++) {
                    byte[] keyId = new byte[TrustedKeys.KEY_ID_BYTES];
                    byte[] signature = new byte[TrustedKeys.SIGNATURE_BYTES];
                    in.get(keyId).get(signature);
                    signatures.add(new SignedRoot.KeySignature(HexFormat.of().formatHex(keyId), signature));
                }
                roots.add(new SignedRoot(document, signatures));
            }
            if (in.hasRemaining()) {
                throw malformed("roots section has " + in.remaining() + " bytes after its last root document");
            }
            return roots;
        } catch (BufferUnderflowException e) {
            throw malformed("roots section ends inside a root document");
        }
    }

    /** Reads a file holding exactly one signed root: a stored chain link or a publisher's signed root. */
    public static SignedRoot readFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw malformed(file + " is too large to hold one signed root");
            }
            List<SignedRoot> roots = decode(bytes);
            if (roots.size() != 1) {
                throw malformed(file + " holds " + roots.size() + " signed roots; one expected");
            }
            return roots.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signed root " + file, e);
        }
    }

    /** Writes one signed root durably: a reader sees the whole file or none (write, fsync, rename, fsync dir). */
    public static void writeFile(Path file, SignedRoot root) {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = directory.resolve(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(directory);
            Files.write(temporary, encode(List.of(root)));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write signed root " + file, e);
        }
    }

    private static RejectedException malformed(String detail) {
        return new RejectedException("malformed-roots", detail);
    }
}
