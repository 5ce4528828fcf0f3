package dev.outpost.bundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

import dev.outpost.io.RejectedException;
import dev.outpost.trust.RootSection;

/**
 * The fixed-size start of a bundle: container version and the lengths of the sections that
 * follow, each checked against its bound before any section is read ({@link BundleFormat}).
 *
 * @param headerBytes 24 for container version 2, 20 for version 1
 */
public record BundleHeader(int version, int headerBytes, long rootsLength, long manifestLength, long signaturesLength) {
    public long rootsOffset() {
        return headerBytes;
    }

    public long manifestOffset() {
        return headerBytes + rootsLength;
    }

    public long signaturesOffset() {
        return manifestOffset() + manifestLength;
    }

    public long partsOffset() {
        return signaturesOffset() + signaturesLength;
    }

    public int signatureCount() {
        return (int) ((signaturesLength - 2) / BundleFormat.SIGNATURE_ENTRY_BYTES);
    }

    public static BundleHeader read(FileChannel file, long fileSize) throws IOException {
        ByteBuffer start = BundleVerifier.readFully(file, 0, 12, fileSize, "header");
        byte[] magic = new byte[BundleFormat.MAGIC.length];
        start.get(magic);
        if (!Arrays.equals(magic, BundleFormat.MAGIC)) {
            throw new RejectedException("not-a-bundle", "file does not start with the Outpost bundle magic");
        }
        int version = Short.toUnsignedInt(start.getShort());
        int flags = Short.toUnsignedInt(start.getShort());
        if ((version != BundleFormat.CONTAINER_VERSION && version != BundleFormat.CONTAINER_VERSION_1) || flags != 0) {
            throw new RejectedException(
                    "unsupported-format",
                    "bundle container version " + version + " (flags " + flags
                            + ") is not supported; this version reads " + BundleFormat.CONTAINER_VERSION_1 + " and "
                            + BundleFormat.CONTAINER_VERSION);
        }
        int headerBytes =
                version == BundleFormat.CONTAINER_VERSION ? BundleFormat.HEADER_BYTES : BundleFormat.HEADER_BYTES_V1;
        ByteBuffer lengths = BundleVerifier.readFully(file, 12, headerBytes - 12, fileSize, "header");
        long rootsLength = version == BundleFormat.CONTAINER_VERSION ? Integer.toUnsignedLong(lengths.getInt()) : 0;
        long manifestLength = Integer.toUnsignedLong(lengths.getInt());
        long signaturesLength = Integer.toUnsignedLong(lengths.getInt());
        if (rootsLength > RootSection.MAX_BYTES) {
            throw new RejectedException(
                    "malformed-roots",
                    "roots section length " + rootsLength + " is above the limit of " + RootSection.MAX_BYTES);
        }
        if (manifestLength == 0 || manifestLength > BundleFormat.MAX_MANIFEST_BYTES) {
            throw new RejectedException(
                    "malformed-manifest",
                    "manifest length " + manifestLength + " is outside 1.." + BundleFormat.MAX_MANIFEST_BYTES);
        }
        long signatureCount = (signaturesLength - 2) / BundleFormat.SIGNATURE_ENTRY_BYTES;
        if (signaturesLength < 2
                || (signaturesLength - 2) % BundleFormat.SIGNATURE_ENTRY_BYTES != 0
                || signatureCount < 1
                || signatureCount > BundleFormat.MAX_SIGNATURES) {
            throw new RejectedException(
                    "malformed-signatures",
                    "signature block of " + signaturesLength + " bytes does not hold 1.." + BundleFormat.MAX_SIGNATURES
                            + " signatures");
        }
        return new BundleHeader(version, headerBytes, rootsLength, manifestLength, signaturesLength);
    }
}
