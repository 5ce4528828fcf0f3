package dev.outpost.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.outpost.io.RejectedException;

class RootChainTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

    private final KeyPair pinnedA = KeyFiles.generate();
    private final KeyPair pinnedB = KeyFiles.generate();
    private final KeyPair pinnedC = KeyFiles.generate();
    private final KeyPair rootX = KeyFiles.generate();
    private final KeyPair rootY = KeyFiles.generate();
    private final KeyPair release1 = KeyFiles.generate();
    private final KeyPair release2 = KeyFiles.generate();

    /** Pinned in configuration: 2 of A, B, C. */
    private final TrustedKeys pinned = TrustedKeys.of(2, pinnedA.getPublic(), pinnedB.getPublic(), pinnedC.getPublic());

    private static RootDocument root(
            long version,
            Instant expires,
            List<KeyPair> roots,
            int rootThreshold,
            List<KeyPair> releases,
            int releaseThreshold) {
        return new RootDocument(
                RootDocument.TYPE,
                version,
                expires,
                roots.stream().map(k -> RootDocument.encodeKey(k.getPublic())).toList(),
                rootThreshold,
                releases.stream()
                        .map(k -> RootDocument.encodeKey(k.getPublic()))
                        .toList(),
                releaseThreshold);
    }

    /** Version 1 keeps the pinned root keys (2 of 3) and names release1 (1 of 1). */
    private RootDocument v1() {
        return root(1, LATER, List.of(pinnedA, pinnedB, pinnedC), 2, List.of(release1), 1);
    }

    private static List<KeyPair> keys(KeyPair... pairs) {
        return List.of(pairs);
    }

    private static String reason(Runnable action) {
        try {
            action.run();
        } catch (RejectedException e) {
            return e.reason();
        }
        throw new AssertionError("expected a rejection");
    }

    @Test
    void version1SignedByThePinnedThresholdGivesItsReleaseKeys() {
        SignedRoot signed = SignedRoot.sign(v1(), keys(pinnedA, pinnedC));

        RootDocument root = RootChain.walk(pinned, null, List.of(signed), NOW);

        assertThat(root.version()).isEqualTo(1);
        assertThat(root.releaseTrust().byKeyId()).containsOnlyKeys(KeyFiles.keyId(release1.getPublic()));
        assertThat(root.releaseTrust().threshold()).isEqualTo(1);
    }

    @Test
    void oneKeySigningTwiceCountsOnce() {
        SignedRoot once = SignedRoot.sign(v1(), keys(pinnedA));
        SignedRoot twice = new SignedRoot(
                once.document(),
                Stream.concat(once.signatures().stream(), once.signatures().stream())
                        .toList());

        assertThat(reason(() -> RootChain.walk(pinned, null, List.of(twice), NOW)))
                .isEqualTo("root-insufficient-signatures");
    }

    @Test
    void signaturesByUnknownKeysDoNotCount() {
        SignedRoot signed = SignedRoot.sign(v1(), keys(pinnedA, rootX, rootY));

        assertThat(reason(() -> RootChain.walk(pinned, null, List.of(signed), NOW)))
                .isEqualTo("root-insufficient-signatures");
    }

    @Test
    void aDocumentChangedAfterSigningIsRefusedBeforeItIsParsed() {
        SignedRoot signed = SignedRoot.sign(v1(), keys(pinnedA, pinnedB));
        byte[] altered = new String(signed.document(), StandardCharsets.UTF_8)
                .replace(RootDocument.encodeKey(release1.getPublic()), RootDocument.encodeKey(release2.getPublic()))
                .getBytes(StandardCharsets.UTF_8);
        SignedRoot tampered = new SignedRoot(altered, signed.signatures());

        assertThat(reason(() -> RootChain.walk(pinned, null, List.of(tampered), NOW)))
                .isEqualTo("root-insufficient-signatures");
    }

    @Test
    void aNewRootMustBeSignedByItsOwnRootKeysToo() {
        // Version 1 hands the root to X and Y (2 of 2), signed by the pinned keys only.
        RootDocument handOver = root(1, LATER, keys(rootX, rootY), 2, keys(release1), 1);

        SignedRoot withoutNewKeys = SignedRoot.sign(handOver, keys(pinnedA, pinnedB));
        assertThat(reason(() -> RootChain.walk(pinned, null, List.of(withoutNewKeys), NOW)))
                .isEqualTo("root-not-self-signed");

        SignedRoot withBoth = SignedRoot.sign(handOver, keys(pinnedA, pinnedB, rootX, rootY));
        assertThat(RootChain.walk(pinned, null, List.of(withBoth), NOW)
                        .rootTrust()
                        .byKeyId())
                .containsOnlyKeys(KeyFiles.keyId(rootX.getPublic()), KeyFiles.keyId(rootY.getPublic()));
    }

    @Test
    void afterRotationTheOldRootKeysNoLongerSign() {
        RootDocument v1 = root(1, LATER, keys(rootX, rootY), 2, keys(release1), 1);
        RootDocument trusted =
                RootChain.walk(pinned, null, List.of(SignedRoot.sign(v1, keys(pinnedA, pinnedB, rootX, rootY))), NOW);
        RootDocument v2 = root(2, LATER, keys(pinnedA, pinnedB, pinnedC), 2, keys(release2), 1);

        // The pinned keys were rotated out in version 1: alone they cannot make version 2.
        SignedRoot byOldKeys = SignedRoot.sign(v2, keys(pinnedA, pinnedB, pinnedC));
        assertThat(reason(() -> RootChain.walk(pinned, trusted, List.of(byOldKeys), NOW)))
                .isEqualTo("root-insufficient-signatures");
    }

    @Test
    void versionsFollowOneAnotherWithoutGapsOrReplays() {
        RootDocument trusted =
                RootChain.walk(pinned, null, List.of(SignedRoot.sign(v1(), keys(pinnedA, pinnedB))), NOW);

        RootDocument v3 = root(3, LATER, keys(pinnedA, pinnedB, pinnedC), 2, keys(release1), 1);
        assertThat(reason(() ->
                        RootChain.walk(pinned, trusted, List.of(SignedRoot.sign(v3, keys(pinnedA, pinnedB))), NOW)))
                .isEqualTo("root-version-mismatch");
        assertThat(reason(() ->
                        RootChain.walk(pinned, trusted, List.of(SignedRoot.sign(v1(), keys(pinnedA, pinnedB))), NOW)))
                .isEqualTo("root-version-mismatch");
    }

    @Test
    void revokingAReleaseKeyIsANewRootVersionWithoutIt() {
        RootDocument v1 = root(1, LATER, keys(pinnedA, pinnedB, pinnedC), 2, keys(release1, release2), 1);
        RootDocument v2 = root(2, LATER, keys(pinnedA, pinnedB, pinnedC), 2, keys(release2), 1);

        RootDocument root = RootChain.walk(
                pinned,
                null,
                List.of(SignedRoot.sign(v1, keys(pinnedA, pinnedB)), SignedRoot.sign(v2, keys(pinnedB, pinnedC))),
                NOW);

        assertThat(root.version()).isEqualTo(2);
        assertThat(root.releaseTrust().byKeyId()).containsOnlyKeys(KeyFiles.keyId(release2.getPublic()));
    }

    @Test
    void anExpiredIntermediateRootIsWalkedButAnExpiredFinalRootIsRefused() {
        RootDocument expiredV1 =
                root(1, NOW.minusSeconds(86400), keys(pinnedA, pinnedB, pinnedC), 2, keys(release1), 1);
        RootDocument v2 = root(2, LATER, keys(pinnedA, pinnedB, pinnedC), 2, keys(release1), 1);
        SignedRoot signedV1 = SignedRoot.sign(expiredV1, keys(pinnedA, pinnedB));

        assertThat(RootChain.walk(pinned, null, List.of(signedV1, SignedRoot.sign(v2, keys(pinnedA, pinnedB))), NOW)
                        .version())
                .isEqualTo(2);
        assertThat(reason(() -> RootChain.walk(pinned, null, List.of(signedV1), NOW)))
                .isEqualTo("root-expired");
    }

    @Test
    void nothingPinnedOrNoRootYetIsDenied() {
        assertThat(reason(() -> RootChain.walk(TrustedKeys.none(), null, List.of(), NOW)))
                .isEqualTo("no-trusted-keys");
        assertThat(reason(() -> RootChain.walk(pinned, null, List.of(), NOW))).isEqualTo("no-root");
    }

    @Test
    void malformedDocumentsAreRefusedWithAReasonEvenWhenProperlySigned() throws Exception {
        String a = RootDocument.encodeKey(pinnedA.getPublic());
        String r = RootDocument.encodeKey(release1.getPublic());
        String ecKey = Base64.getEncoder()
                .encodeToString(KeyPairGenerator.getInstance("EC")
                        .generateKeyPair()
                        .getPublic()
                        .getEncoded());
        List<String> documents = List.of(
                "not json",
                "{\"type\":\"outpost-root\",\"version\":1}",
                doc("outpost-root", 1, a, 1, r, 1, ",\"extra\":true"),
                doc("something-else", 1, a, 1, r, 1, ""),
                doc("outpost-root", 0, a, 1, r, 1, ""),
                doc("outpost-root", 1, a, 2, r, 1, ""),
                doc("outpost-root", 1, a, 1, r, 0, ""),
                doc("outpost-root", 1, a + "\",\"" + a, 1, r, 1, ""),
                doc("outpost-root", 1, ecKey, 1, r, 1, ""),
                doc("outpost-root", 1, "not base64!", 1, r, 1, ""),
                "{\"type\":\"outpost-root\",\"type\":\"outpost-root\",\"version\":1}");
        for (String document : documents) {
            SignedRoot signed = SignedRoot.sign(document.getBytes(StandardCharsets.UTF_8), keys(pinnedA, pinnedB));
            assertThatThrownBy(() -> RootChain.walk(pinned, null, List.of(signed), NOW))
                    .as(document)
                    .isInstanceOfSatisfying(RejectedException.class, e -> {
                        assertThat(e.reason()).isEqualTo("malformed-root");
                        assertThat(e.detail()).doesNotContain("dev.outpost", "java.");
                    });
        }
    }

    @Test
    void oversizedDocumentsAreRefused() {
        byte[] huge = new byte[RootDocument.MAX_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');
        SignedRoot signed = SignedRoot.sign(huge, keys(pinnedA, pinnedB));

        assertThat(reason(() -> RootChain.walk(pinned, null, List.of(signed), NOW)))
                .isEqualTo("malformed-root");
    }

    @Test
    void aRootDocumentRoundTripsThroughItsSignedBytes() {
        RootDocument original = v1();

        assertThat(RootDocument.parse(original.toBytes())).isEqualTo(original);
    }

    private static String doc(
            String type,
            long version,
            String rootKey,
            int rootThreshold,
            String releaseKey,
            int releaseThreshold,
            String extra) {
        return "{\"type\":\"" + type + "\",\"version\":" + version + ",\"expires\":\"2030-01-01T00:00:00Z\","
                + "\"rootKeys\":[\"" + rootKey + "\"],\"rootThreshold\":" + rootThreshold
                + ",\"releaseKeys\":[\"" + releaseKey + "\"],\"releaseThreshold\":" + releaseThreshold + extra + "}";
    }
}
