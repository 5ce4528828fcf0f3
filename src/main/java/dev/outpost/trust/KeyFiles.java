package dev.outpost.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

import dev.outpost.io.FailureDetail;

/**
 * Ed25519 keys in PEM files: private keys as PKCS#8 ({@code PRIVATE KEY}), public keys as X.509
 * SubjectPublicKeyInfo ({@code PUBLIC KEY}), readable by OpenSSL. A key id is the SHA-256 of the
 * public key's SubjectPublicKeyInfo DER encoding, as in TUF.
 */
public final class KeyFiles {
    private static final String ALGORITHM = "Ed25519";
    /** Key files are tiny; anything larger is not a key file. */
    private static final long MAX_KEY_FILE_BYTES = 16 * 1024;

    private KeyFiles() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519 implementation", e);
        }
    }

    /** Whether {@code signature} is {@code key}'s Ed25519 signature over {@code message}; never throws. */
    public static boolean verifies(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    public static void writePrivate(Path file, PrivateKey key) throws IOException {
        Files.writeString(file, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system; the operator's platform decides access.
        }
    }

    public static void writePublic(Path file, PublicKey key) throws IOException {
        Files.writeString(file, pem("PUBLIC KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    }

    public static PublicKey parsePublic(String pem, String origin) {
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY", origin)));
        } catch (GeneralSecurityException e) {
            throw new KeyFileException(origin + " is not an Ed25519 public key");
        }
    }

    public static PrivateKey readPrivate(Path file) {
        String pem = read(file);
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY", file.toString())));
        } catch (GeneralSecurityException e) {
            throw new KeyFileException(file + " is not an Ed25519 private key");
        }
    }

    public static PublicKey readPublic(Path file) {
        return parsePublic(read(file), file.toString());
    }

    /** Reads a small PEM file, refusing anything too large to be a key. */
    public static String read(Path file) {
        try {
            if (Files.size(file) > MAX_KEY_FILE_BYTES) {
                throw new KeyFileException(file + " is too large to be a key file");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyFileException("cannot read key file " + file + ": " + FailureDetail.of(e));
        }
    }

    private static byte[] der(String pem, String type, String origin) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int start = pem.indexOf(begin);
        int stop = pem.indexOf(end);
        if (start < 0 || stop < start) {
            throw new KeyFileException(origin + " is not a PEM '" + type + "' file");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), stop));
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(origin + " has invalid base64 in its PEM body");
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** A key file that cannot be read or parsed. */
    public static final class KeyFileException extends dev.outpost.reputation.OutpostException {
        public KeyFileException(String detail) {
            super("invalid-key-file", detail);
        }
    }

    /** Key ids are shown shortened, like Git commits: enough to tell keys apart. */
    public static String shortId(String keyId) {
        return keyId.substring(0, 16);
    }
}
