package dev.outpost.bundle;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import dev.outpost.trust.TrustedKeys;

/**
 * Constants of the single-file bundle container, specified in {@code offline-bundles/FORMAT.md}.
 *
 * <pre>
 * offset     size
 * 0          8    magic "OUTPOSTB"
 * 8          2    container version (2; 1 is still read), big-endian
 * 10         2    flags (0)
 * 12         4    roots section length R (version 2 only; version 1 has none)
 * 16         4    manifest length M
 * 20         4    signature block length S
 * 24         R    roots section: signed root documents (see RootSection)
 * 24+R       M    manifest: UTF-8 JSON
 * 24+R+M     S    signature block: u16 count, then count x (32-byte key id, 64-byte Ed25519 signature)
 * 24+R+M+S   ...  parts, back to back in manifest order, nothing after the last
 * </pre>
 */
public final class BundleFormat {
    public static final byte[] MAGIC = "OUTPOSTB".getBytes(StandardCharsets.US_ASCII);
    public static final int CONTAINER_VERSION = 2;
    /** The first container: no roots section, a 20-byte header. Read, never written. */
    public static final int CONTAINER_VERSION_1 = 1;

    /** Manifest format of a bundle whose domains are hashed only (FORMAT.md §Manifest). */
    public static final int MANIFEST_FORMAT = 1;
    /**
     * Format 1 plus listed domain names (ADR 0019): written only when a bundle carries a name, so an
     * appliance that predates names refuses such a bundle as {@code unsupported-format} before it
     * reads a part, and every other bundle stays readable by it.
     */
    public static final int MANIFEST_FORMAT_LISTED_NAMES = 2;

    /** The manifest format for a bundle that does or does not carry listed domain names. */
    public static int manifestFormat(boolean listedNames) {
        return listedNames ? MANIFEST_FORMAT_LISTED_NAMES : MANIFEST_FORMAT;
    }

    public static final int HEADER_BYTES = 24;
    public static final int HEADER_BYTES_V1 = 20;
    public static final int MAX_MANIFEST_BYTES = 1024 * 1024;
    // The signature block's sizes are those of the trust model's signatures (root documents use them too).
    public static final int MAX_SIGNATURES = TrustedKeys.MAX_SIGNATURES;
    public static final int KEY_ID_BYTES = TrustedKeys.KEY_ID_BYTES;
    public static final int SIGNATURE_BYTES = TrustedKeys.SIGNATURE_BYTES;
    public static final int SIGNATURE_ENTRY_BYTES = TrustedKeys.SIGNATURE_ENTRY_BYTES;
    /** Name of the threat-name dictionary part; record parts are named by their key space. */
    public static final String NAMES_PART = "names";
    /** Longest dictionary entry in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 200;

    /**
     * Domain separation: what is signed is this prefix followed by the manifest bytes, so that an
     * Outpost signature can never be replayed as a signature over anything else.
     */
    public static final byte[] SIGNING_CONTEXT = "OUTPOST-MANIFEST-V1\n".getBytes(StandardCharsets.US_ASCII);

    private BundleFormat() {}

    public static byte[] signedMessage(byte[] manifest) {
        byte[] message = new byte[SIGNING_CONTEXT.length + manifest.length];
        System.arraycopy(SIGNING_CONTEXT, 0, message, 0, SIGNING_CONTEXT.length);
        System.arraycopy(manifest, 0, message, SIGNING_CONTEXT.length, manifest.length);
        return message;
    }

    /** The bundle's digest algorithm (part digests, bundle identity, state checksum). */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
