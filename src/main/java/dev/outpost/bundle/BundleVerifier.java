package dev.outpost.bundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.outpost.io.RejectedException;
import dev.outpost.io.StrictJson;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.RootSection;
import dev.outpost.trust.SignedRoot;
import dev.outpost.trust.TrustAnchor;
import dev.outpost.trust.TrustedKeys;

/**
 * Reads a bundle's header, manifest and signatures, and checks the signatures against the trusted
 * keys <em>before</em> the manifest is parsed (PRODUCT.md, bundle requirement 3): until then only
 * fixed-size binary fields have been read, each bounded.
 */
public final class BundleVerifier {
    private final TrustAnchor trust;
    private final BundleLimits limits;

    public BundleVerifier(TrustAnchor trust, BundleLimits limits) {
        this.trust = trust;
        this.limits = limits;
    }

    /**
     * Verifies the container, the roots it carries and the manifest signatures, and checks the
     * layout against the manifest. {@code now} is the time fixed when the import started.
     */
    public VerifiedBundle verify(FileChannel file, Instant now) throws IOException {
        long fileSize = file.size();
        if (fileSize > limits.maxBundleBytes()) {
            throw new RejectedException(
                    "too-large", "bundle is " + fileSize + " bytes, above the limit of " + limits.maxBundleBytes());
        }
        BundleHeader header = BundleHeader.read(file, fileSize);
        List<SignedRoot> roots = List.of();
        if (header.rootsLength() > 0) {
            byte[] section = new byte[(int) header.rootsLength()];
            readFully(file, header.rootsOffset(), section.length, fileSize, "roots section")
                    .get(section);
            roots = RootSection.decode(section);
        }
        byte[] manifestBytes = new byte[(int) header.manifestLength()];
        readFully(file, header.manifestOffset(), manifestBytes.length, fileSize, "manifest")
                .get(manifestBytes);
        ByteBuffer signatures =
                readFully(file, header.signaturesOffset(), (int) header.signaturesLength(), fileSize, "signatures");
        if (Short.toUnsignedInt(signatures.getShort()) != header.signatureCount()) {
            throw new RejectedException("malformed-signatures", "signature count does not match the block size");
        }
        // The roots decide who may sign the manifest; both are checked before the manifest is parsed.
        TrustAnchor.Grant grant = trust.grant(roots, now);
        List<String> signers = checkSignatures(manifestBytes, signatures, header.signatureCount(), grant);

        Manifest manifest = parse(manifestBytes);
        long partsOffset = header.partsOffset();
        long expectedSize = partsOffset + manifest.partsBytes();
        if (fileSize != expectedSize) {
            throw new RejectedException(
                    fileSize < expectedSize ? "truncated" : "trailing-data",
                    "bundle is " + fileSize + " bytes but its manifest describes " + expectedSize + " bytes");
        }
        for (Manifest.Part part : manifest.parts()) {
            long cap =
                    part.name().equals(BundleFormat.NAMES_PART) ? limits.maxThreatNames() : limits.maxEntriesPerPart();
            if (part.entries() > cap) {
                throw new RejectedException(
                        "too-many-entries",
                        "part '" + part.name() + "' declares " + part.entries() + " entries, above the limit of "
                                + cap);
            }
        }
        return new VerifiedBundle(manifest, signers, partsOffset, grant);
    }

    private static List<String> checkSignatures(
            byte[] manifestBytes, ByteBuffer block, int count, TrustAnchor.Grant grant) {
        TrustedKeys trust = grant.releaseKeys();
        String whose = grant.rootVersion() == 0 ? "" : " (release keys of root version " + grant.rootVersion() + ")";
        byte[] message = BundleFormat.signedMessage(manifestBytes);
        Set<String> valid = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] keyIdBytes = new byte[BundleFormat.KEY_ID_BYTES];
            byte[] signature = new byte[BundleFormat.SIGNATURE_BYTES];
            block.get(keyIdBytes).get(signature);
            String keyId = HexFormat.of().formatHex(keyIdBytes);
            PublicKey key = trust.byKeyId().get(keyId);
            if (key == null) {
                unknown.add(KeyFiles.shortId(keyId));
            } else if (KeyFiles.verifies(key, message, signature)) {
                valid.add(keyId);
            } else {
                invalid.add(KeyFiles.shortId(keyId));
            }
        }
        // A trusted key's signature that does not verify rejects the bundle even when others meet
        // the threshold (FORMAT.md "Signature block", ADR 0006; issue 11 item 10): it means the
        // manifest was altered or the publisher signed something else, and either way the bundle is
        // not what its signers approved. Signatures by keys this appliance does not trust are
        // ignored, as TUF ignores them: a bundle may be signed for other appliances too.
        if (!invalid.isEmpty()) {
            throw new RejectedException(
                    "bad-signature",
                    "signature by trusted key " + String.join(", ", invalid)
                            + " does not verify: the manifest was altered or signed with another key");
        }
        if (valid.size() >= trust.threshold()) {
            return List.copyOf(valid);
        }
        if (valid.isEmpty()) {
            throw new RejectedException(
                    "unknown-key",
                    "bundle is signed only by keys this appliance does not trust" + whose + ": "
                            + String.join(", ", unknown));
        }
        throw new RejectedException(
                "insufficient-signatures",
                "bundle has " + valid.size() + " valid signature(s) by distinct trusted keys" + whose + "; "
                        + trust.threshold() + " required");
    }

    private static Manifest parse(byte[] manifestBytes) {
        return StrictJson.read(manifestBytes, Manifest.class, "manifest", "malformed-manifest");
    }

    /** Reads exactly {@code length} bytes at {@code position}, or rejects the bundle as truncated. */
    static ByteBuffer readFully(FileChannel file, long position, int length, long fileSize, String what)
            throws IOException {
        if (position + length > fileSize) {
            throw new RejectedException("truncated", "bundle ends inside its " + what);
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new RejectedException("truncated", "bundle ends inside its " + what);
            }
        }
        return buffer.flip();
    }
}
