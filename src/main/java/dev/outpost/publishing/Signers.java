package dev.outpost.publishing;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;

import dev.outpost.reputation.InvalidInputException;
import dev.outpost.trust.SignedRoot;

/**
 * Who signs a bundle: the release key pairs (each private key with its public key, whose id names
 * the signature) and the publisher's chain of signed root documents, version 1 first, that a
 * bundle carries in its roots section (ADR 0006; empty for a flat list of trusted release keys).
 */
public record Signers(List<PrivateKey> privateKeys, List<PublicKey> publicKeys, List<SignedRoot> roots) {
    public Signers {
        privateKeys = List.copyOf(privateKeys);
        publicKeys = List.copyOf(publicKeys);
        roots = List.copyOf(roots);
        if (privateKeys.isEmpty() || privateKeys.size() != publicKeys.size()) {
            throw new InvalidInputException(
                    "invalid-signers", "each signing key needs its public key", privateKeys.size() + " keys");
        }
    }

    /** Signed by each of {@code pairs}, with no root documents. */
    public static Signers of(KeyPair... pairs) {
        return of(List.of(pairs), List.of());
    }

    public static Signers of(List<KeyPair> pairs, List<SignedRoot> roots) {
        return new Signers(
                pairs.stream().map(KeyPair::getPrivate).toList(),
                pairs.stream().map(KeyPair::getPublic).toList(),
                roots);
    }
}
