package dev.outpost.bundle;

import java.util.List;

import dev.outpost.trust.TrustAnchor;

/**
 * A bundle whose manifest carries enough valid signatures by trusted keys and whose layout matches
 * the manifest. Its parts are still unverified bytes until streamed through {@link PartReader}.
 *
 * @param manifest the signed manifest
 * @param signerKeyIds trusted key ids with a valid signature
 * @param partsOffset file offset of the first part
 * @param grant who allowed the signers, and the root documents to trust once the bundle is active
 */
public record VerifiedBundle(Manifest manifest, List<String> signerKeyIds, long partsOffset, TrustAnchor.Grant grant) {
    public VerifiedBundle {
        signerKeyIds = List.copyOf(signerKeyIds);
    }
}
