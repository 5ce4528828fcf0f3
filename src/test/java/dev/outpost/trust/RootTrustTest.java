package dev.outpost.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.TestBundles;
import dev.outpost.bundle.importing.BundleImporter;
import dev.outpost.bundle.importing.ImportOutcome;
import dev.outpost.bundle.importing.ImportProgress;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;

/** Root documents carried by real bundles, through the real importer and store (ADR 0006). */
class RootTrustTest {
    private static final Instant LATER = Instant.now().plus(3650, ChronoUnit.DAYS);

    @TempDir
    Path dir;

    private final KeyPair rootKey = KeyFiles.generate();
    private final KeyPair release1 = KeyFiles.generate();
    private final KeyPair release2 = KeyFiles.generate();
    private final TrustedKeys pinned = TrustedKeys.of(1, rootKey.getPublic());

    private RocksGenerationStore store;
    private RootTrust trust;
    private BundleImporter importer;

    @BeforeEach
    void openStore() throws IOException {
        store = RocksGenerationStore.open(dir.resolve("generations"), StoreTuning.DEFAULTS);
        restart();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** A fresh trust anchor from the stored chain, as after a restart. */
    private void restart() {
        trust = RootTrust.load(pinned, roots());
        importer = new BundleImporter(store, trust, BundleLimits.DEFAULTS, Clock.systemUTC());
    }

    private Path roots() {
        return dir.resolve("trust/roots");
    }

    private static SignedRoot root(long version, Instant expires, KeyPair signer, KeyPair... releaseKeys) {
        RootDocument document = new RootDocument(
                RootDocument.TYPE,
                version,
                expires,
                List.of(RootDocument.encodeKey(signer.getPublic())),
                1,
                List.of(releaseKeys).stream()
                        .map(k -> RootDocument.encodeKey(k.getPublic()))
                        .toList(),
                1);
        return SignedRoot.sign(document, List.of(signer));
    }

    private final SignedRoot v1 = root(1, LATER, rootKey, release1);
    /** Version 2 revokes release1 and names release2. */
    private final SignedRoot v2 = root(2, LATER, rootKey, release2);

    private ImportOutcome importBundle(long sequence, List<SignedRoot> roots, KeyPair signer) throws IOException {
        Path file = TestBundles.writeSigned(dir.resolve("b" + sequence + ".bundle"), sequence, roots, signer);
        return importer.importBundle(file, "x", ImportProgress.NONE);
    }

    private static String reason(ImportOutcome outcome) {
        assertThat(outcome).isInstanceOf(ImportOutcome.Rejected.class);
        return ((ImportOutcome.Rejected) outcome).reason();
    }

    @Test
    void acceptsABundleSignedByAReleaseKeyThatItsRootNames() throws IOException {
        assertThat(importBundle(1, List.of(v1), release1)).isInstanceOf(ImportOutcome.Activated.class);

        assertThat(trust.version()).isEqualTo(1);
        assertThat(roots().resolve("1.root")).isRegularFile();
    }

    @Test
    void theFirstBundleMustCarryRootVersion1() throws IOException {
        assertThat(reason(importBundle(1, List.of(), release1))).isEqualTo("no-root");
    }

    @Test
    void refusesAReleaseKeyThatNoTrustedRootNames() throws IOException {
        assertThat(reason(importBundle(1, List.of(v1), release2))).isEqualTo("unknown-key");

        assertThat(trust.version()).isZero();
        assertThat(roots()).doesNotExist();
    }

    @Test
    void refusesARootNotSignedByThePinnedKeys() throws IOException {
        SignedRoot forged = root(1, LATER, KeyFiles.generate(), release1);

        assertThat(reason(importBundle(1, List.of(forged), release1))).isEqualTo("root-insufficient-signatures");
        assertThat(roots()).doesNotExist();
    }

    @Test
    void aRejectedBundleNeverChangesWhomTheApplianceTrusts() throws IOException {
        assertThat(importBundle(2, List.of(v1), release1)).isInstanceOf(ImportOutcome.Activated.class);

        // Carries a valid version 2 but is a rollback: rejected after the roots verified.
        assertThat(reason(importBundle(1, List.of(v1, v2), release2))).isEqualTo("rollback");

        assertThat(trust.version()).isEqualTo(1);
        assertThat(roots().resolve("2.root")).doesNotExist();
    }

    @Test
    void revokesAReleaseKeyWithANewRootVersion() throws IOException {
        assertThat(importBundle(1, List.of(v1), release1))
                .isInstanceOfSatisfying(ImportOutcome.Activated.class, a -> assertThat(a.rootVersion())
                        .isEqualTo(1));
        assertThat(importBundle(2, List.of(v1, v2), release2))
                .isInstanceOfSatisfying(ImportOutcome.Activated.class, a -> assertThat(a.rootVersion())
                        .isEqualTo(2));

        assertThat(trust.version()).isEqualTo(2);
        assertThat(reason(importBundle(3, List.of(), release1))).isEqualTo("unknown-key");
        assertThat(importBundle(4, List.of(), release2)).isInstanceOf(ImportOutcome.Activated.class);
    }

    @Test
    void reWalksTheStoredChainAtStart() throws IOException {
        assertThat(importBundle(1, List.of(v1), release1)).isInstanceOf(ImportOutcome.Activated.class);
        assertThat(importBundle(2, List.of(v1, v2), release2)).isInstanceOf(ImportOutcome.Activated.class);

        restart();

        assertThat(trust.version()).isEqualTo(2);
        assertThat(reason(importBundle(3, List.of(), release1))).isEqualTo("unknown-key");
        assertThat(importBundle(3, List.of(), release2)).isInstanceOf(ImportOutcome.Activated.class);
    }

    @Test
    void aBundleCarryingOnlyOlderRootsIsCheckedAgainstTheNewestTrustedOne() throws IOException {
        assertThat(importBundle(1, List.of(v1, v2), release2)).isInstanceOf(ImportOutcome.Activated.class);

        assertThat(reason(importBundle(2, List.of(v1), release1))).isEqualTo("unknown-key");
        assertThat(importBundle(3, List.of(v1), release2)).isInstanceOf(ImportOutcome.Activated.class);
        assertThat(trust.version()).isEqualTo(2);
    }

    @Test
    void aForkedRootVersionIsRefused() throws IOException {
        assertThat(importBundle(1, List.of(v1, v2), release2)).isInstanceOf(ImportOutcome.Activated.class);
        // Another version 2, validly signed by the root key, naming release1: a replayed fork.
        SignedRoot fork = root(2, LATER.plusSeconds(1), rootKey, release1);

        assertThat(reason(importBundle(2, List.of(v1, fork), release1))).isEqualTo("root-version-mismatch");
    }

    @Test
    void refusesABundleWhoseNewestRootHasExpired() throws IOException {
        SignedRoot expired = root(1, Instant.now().minusSeconds(60), rootKey, release1);

        assertThat(reason(importBundle(1, List.of(expired), release1))).isEqualTo("root-expired");
    }

    @Test
    void aStoredRootThatNoLongerVerifiesIsNotTrusted() throws IOException {
        assertThat(importBundle(1, List.of(v1, v2), release2)).isInstanceOf(ImportOutcome.Activated.class);
        byte[] stored = Files.readAllBytes(roots().resolve("2.root"));
        stored[10] ^= 1;
        Files.write(roots().resolve("2.root"), stored);

        restart();

        assertThat(trust.version()).isEqualTo(1);
    }

    @Test
    void rePinningOtherRootKeysDropsTheStoredChain() throws IOException {
        assertThat(importBundle(1, List.of(v1), release1)).isInstanceOf(ImportOutcome.Activated.class);

        RootTrust repinned =
                RootTrust.load(TrustedKeys.of(1, KeyFiles.generate().getPublic()), roots());

        assertThat(repinned.version()).isZero();
    }

    @Test
    void aRootWriteCutShortByACrashIsDiscarded() throws IOException {
        Files.createDirectories(roots());
        Files.write(roots().resolve("1.root.tmp"), new byte[] {0, 1, 2});

        restart();

        assertThat(trust.version()).isZero();
        assertThat(roots().resolve("1.root.tmp")).doesNotExist();
    }
}
