package dev.outpost.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A root document's exact bytes and the signatures over them. Nothing here is trusted until {@link
 * RootChain} has checked the signatures against the previous root.
 */
public record SignedRoot(byte[] document, List<KeySignature> signatures) {
    /** Domain separation: a root signature can never pass for a manifest signature, or the reverse. */
    private static final byte[] PREFIX = "OUTPOST-ROOT-V1\n".getBytes(StandardCharsets.US_ASCII);

    /** One Ed25519 signature and the id (SHA-256 of the SPKI, hex) of the key that made it. */
    public record KeySignature(String keyId, byte[] signature) {
        public KeySignature {
            signature = signature.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }

    public SignedRoot {
        document = document.clone();
        signatures = List.copyOf(signatures);
    }

    @Override
    public byte[] document() {
        return document.clone();
    }

    /** Signs a root document with each key pair: the publisher's side. */
    public static SignedRoot sign(RootDocument root, List<KeyPair> keys) {
        return sign(root.toBytes(), keys);
    }

    /** Signs a document's exact bytes with each key pair, whatever they hold. */
    public static SignedRoot sign(byte[] document, List<KeyPair> keys) {
        List<KeySignature> signatures = new ArrayList<>();
        for (KeyPair pair : keys) {
            try {
                Signature signer = Signature.getInstance("Ed25519");
                signer.initSign(pair.getPrivate());
                signer.update(message(document));
                signatures.add(new KeySignature(KeyFiles.keyId(pair.getPublic()), signer.sign()));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot sign with key " + KeyFiles.keyId(pair.getPublic()), e);
            }
        }
        return new SignedRoot(document, signatures);
    }

    /** Ids of the distinct keys of {@code keys} whose signatures over this document verify. */
    Set<String> validSigners(TrustedKeys keys) {
        byte[] message = message(document);
        Set<String> valid = new LinkedHashSet<>();
        for (KeySignature signature : signatures) {
            PublicKey key = keys.byKeyId().get(signature.keyId());
            if (key != null
                    && !valid.contains(signature.keyId())
                    && KeyFiles.verifies(key, message, signature.signature)) {
                valid.add(signature.keyId());
            }
        }
        return valid;
    }

    private static byte[] message(byte[] document) {
        byte[] message = Arrays.copyOf(PREFIX, PREFIX.length + document.length);
        System.arraycopy(document, 0, message, PREFIX.length, document.length);
        return message;
    }
}
