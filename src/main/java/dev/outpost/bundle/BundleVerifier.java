package dev.outpost.bundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Reads a bundle's header, manifest and signatures, and checks the signatures against the trusted
 * keys <em>before</em> the manifest is parsed (PRODUCT.md, bundle requirement 3): until then only
 * fixed-size binary fields have been read, each bounded.
 */
public final class BundleVerifier {
    private static final ObjectMapper MANIFEST_JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            // Duplicate keys would let two parsers read different manifests under one signature.
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final TrustedKeys trust;
    private final BundleLimits limits;

    public BundleVerifier(TrustedKeys trust, BundleLimits limits) {
        this.trust = trust;
        this.limits = limits;
    }

    public VerifiedBundle verify(FileChannel file) throws IOException {
        long fileSize = file.size();
        if (fileSize > limits.maxBundleBytes()) {
            throw new BundleRejectedException(
                    "too-large", "bundle is " + fileSize + " bytes, above the limit of " + limits.maxBundleBytes());
        }
        ByteBuffer header = readFully(file, 0, BundleFormat.HEADER_BYTES, fileSize, "header");
        byte[] magic = new byte[BundleFormat.MAGIC.length];
        header.get(magic);
        if (!Arrays.equals(magic, BundleFormat.MAGIC)) {
            throw new BundleRejectedException("not-a-bundle", "file does not start with the Outpost bundle magic");
        }
        int version = Short.toUnsignedInt(header.getShort());
        int flags = Short.toUnsignedInt(header.getShort());
        if (version != BundleFormat.CONTAINER_VERSION || flags != 0) {
            throw new BundleRejectedException(
                    "unsupported-format",
                    "bundle container version " + version + " (flags " + flags
                            + ") is not supported; this version reads " + BundleFormat.CONTAINER_VERSION);
        }
        long manifestLength = Integer.toUnsignedLong(header.getInt());
        long signaturesLength = Integer.toUnsignedLong(header.getInt());
        if (manifestLength == 0 || manifestLength > BundleFormat.MAX_MANIFEST_BYTES) {
            throw new BundleRejectedException(
                    "malformed-manifest",
                    "manifest length " + manifestLength + " is outside 1.." + BundleFormat.MAX_MANIFEST_BYTES);
        }
        long signatureCount = (signaturesLength - 2) / BundleFormat.SIGNATURE_ENTRY_BYTES;
        if (signaturesLength < 2
                || (signaturesLength - 2) % BundleFormat.SIGNATURE_ENTRY_BYTES != 0
                || signatureCount < 1
                || signatureCount > BundleFormat.MAX_SIGNATURES) {
            throw new BundleRejectedException(
                    "malformed-signatures",
                    "signature block of " + signaturesLength + " bytes does not hold 1.." + BundleFormat.MAX_SIGNATURES
                            + " signatures");
        }
        byte[] manifestBytes = new byte[(int) manifestLength];
        readFully(file, BundleFormat.HEADER_BYTES, (int) manifestLength, fileSize, "manifest")
                .get(manifestBytes);
        ByteBuffer signatures = readFully(
                file, BundleFormat.HEADER_BYTES + manifestLength, (int) signaturesLength, fileSize, "signatures");
        if (Short.toUnsignedInt(signatures.getShort()) != signatureCount) {
            throw new BundleRejectedException("malformed-signatures", "signature count does not match the block size");
        }
        List<String> signers = checkSignatures(manifestBytes, signatures, (int) signatureCount);

        Manifest manifest = parse(manifestBytes);
        long partsOffset = BundleFormat.HEADER_BYTES + manifestLength + signaturesLength;
        long expectedSize = partsOffset + manifest.partsBytes();
        if (fileSize != expectedSize) {
            throw new BundleRejectedException(
                    fileSize < expectedSize ? "truncated" : "trailing-data",
                    "bundle is " + fileSize + " bytes but its manifest describes " + expectedSize + " bytes");
        }
        for (Manifest.Part part : manifest.parts()) {
            long cap =
                    part.name().equals(BundleFormat.NAMES_PART) ? limits.maxThreatNames() : limits.maxEntriesPerPart();
            if (part.entries() > cap) {
                throw new BundleRejectedException(
                        "too-many-entries",
                        "part '" + part.name() + "' declares " + part.entries() + " entries, above the limit of "
                                + cap);
            }
        }
        return new VerifiedBundle(manifest, signers, partsOffset);
    }

    private List<String> checkSignatures(byte[] manifestBytes, ByteBuffer block, int count) {
        if (trust.isEmpty()) {
            throw new BundleRejectedException(
                    "no-trusted-keys",
                    "no signing keys are trusted: configure outpost.trust.public-keys before importing bundles");
        }
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
                unknown.add(shortId(keyId));
            } else if (KeyFiles.verifies(key, message, signature)) {
                valid.add(keyId);
            } else {
                invalid.add(shortId(keyId));
            }
        }
        if (valid.size() >= trust.threshold()) {
            return List.copyOf(valid);
        }
        if (!invalid.isEmpty()) {
            throw new BundleRejectedException(
                    "bad-signature",
                    "signature by trusted key " + String.join(", ", invalid)
                            + " does not verify: the manifest was altered or signed with another key");
        }
        if (valid.isEmpty()) {
            throw new BundleRejectedException(
                    "unknown-key",
                    "bundle is signed only by keys this appliance does not trust: " + String.join(", ", unknown));
        }
        throw new BundleRejectedException(
                "insufficient-signatures",
                "bundle has " + valid.size() + " valid signature(s) by distinct trusted keys; " + trust.threshold()
                        + " required");
    }

    private static Manifest parse(byte[] manifestBytes) {
        try {
            return MANIFEST_JSON.readValue(manifestBytes, Manifest.class);
        } catch (JsonProcessingException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof BundleRejectedException rejected) {
                    throw rejected;
                }
            }
            throw new BundleRejectedException("malformed-manifest", "manifest is not valid: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BundleRejectedException("malformed-manifest", "manifest is not readable: " + e.getMessage());
        }
    }

    /** Reads exactly {@code length} bytes at {@code position}, or rejects the bundle as truncated. */
    static ByteBuffer readFully(FileChannel file, long position, int length, long fileSize, String what)
            throws IOException {
        if (position + length > fileSize) {
            throw new BundleRejectedException("truncated", "bundle ends inside its " + what);
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new BundleRejectedException("truncated", "bundle ends inside its " + what);
            }
        }
        return buffer.flip();
    }

    /** Key ids are shown shortened, like Git commits: enough to tell keys apart. */
    public static String shortId(String keyId) {
        return keyId.substring(0, 16);
    }
}
