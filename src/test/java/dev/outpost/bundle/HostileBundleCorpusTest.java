package dev.outpost.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outpost.bundle.importing.BundleImporter;
import dev.outpost.bundle.importing.ImportOutcome;
import dev.outpost.bundle.importing.ImportProgress;
import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.DeltaWriter;
import dev.outpost.publishing.Signers;
import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.RecordCodec;
import dev.outpost.reputation.Verdict;
import dev.outpost.store.Generation;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.RootDocument;
import dev.outpost.trust.RootSection;
import dev.outpost.trust.RootTrust;
import dev.outpost.trust.SignedRoot;
import dev.outpost.trust.TrustedKeys;
import dev.outpost.web.IpRange;

/**
 * The hostile bundle corpus (issue 4): each case is a bundle wrong in exactly one respect, made from
 * a valid one by {@link BundleSurgery} and, where the fault is not a signature fault, re-signed by
 * the real release key, so that the check under test is the one that must catch it. Every case must
 * be rejected with its own reason and a detail in the project's words, with no Java class or parser
 * vocabulary in it (issue 11 item 12), and leave the live dataset, its lookups and
 * the trusted root exactly as they were. The last case imports the unaltered bundle: the corpus
 * fails because of what each case changed, not because the base was broken.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileBundleCorpusTest {
    private static final Instant LATER = Instant.now().plus(3650, ChronoUnit.DAYS);
    private static final long LIVE_SEQUENCE = 5;
    /**
     * A Java class or package name, or a parser's vocabulary: none may reach an operator through a
     * rejection detail, the import history, a quarantine reason file or the CLI (issue 11 item 12).
     */
    static final Pattern INTERNALS = Pattern.compile(
            "\\b(java|javax|jakarta|com|dev|org|io|sun)\\.[a-z]+\\.|Exception|DeserializationFeature|MapperFeature"
                    + "|CoercionConfig|\\bclass\\b|`");

    private static final byte[] RANGE_VALUE =
            RecordCodec.encodeCertificate(new Verdict(Category.MALWARE, null, null, null, 0), -1);

    @TempDir
    static Path dir;

    private final KeyPair rootKey = KeyFiles.generate();
    private final KeyPair release = KeyFiles.generate();
    private final KeyPair release2 = KeyFiles.generate();
    private final KeyPair stranger = KeyFiles.generate();
    private final SignedRoot v1 = root(1, LATER, List.of(rootKey), 1, List.of(release), 1, List.of(rootKey));

    private RocksGenerationStore store;
    private RootTrust trust;
    private Path base;

    /** One attack: its name, the reason it must be rejected with, and how to make it. */
    private record Case(String name, String reason, Maker maker, BundleLimits limits) {
        Case(String name, String reason, Maker maker) {
            this(name, reason, maker, BundleLimits.DEFAULTS);
        }
    }

    @FunctionalInterface
    private interface Maker {
        Path make(Path file) throws IOException;
    }

    @BeforeAll
    void activateTheLiveDataset() throws IOException {
        store = RocksGenerationStore.open(dir.resolve("generations"), StoreTuning.DEFAULTS);
        trust = RootTrust.load(TrustedKeys.of(1, rootKey.getPublic()), dir.resolve("trust/roots"));
        Path live = TestBundles.writeSigned(dir.resolve("live.bundle"), LIVE_SEQUENCE, List.of(v1), release);
        assertThat(importer(BundleLimits.DEFAULTS).importBundle(live, "live", ImportProgress.NONE))
                .isInstanceOf(ImportOutcome.Activated.class);
        base = TestBundles.writeSigned(dir.resolve("base.bundle"), LIVE_SEQUENCE + 1, List.of(v1), release);
    }

    @AfterAll
    void closeStore() {
        store.close();
    }

    private BundleImporter importer(BundleLimits limits) {
        return new BundleImporter(store, trust, limits, Clock.systemUTC());
    }

    private static SignedRoot root(
            long version,
            Instant expires,
            List<KeyPair> rootKeys,
            int rootThreshold,
            List<KeyPair> releaseKeys,
            int releaseThreshold,
            List<KeyPair> signers) {
        return SignedRoot.sign(
                new RootDocument(
                        RootDocument.TYPE,
                        version,
                        expires,
                        rootKeys.stream()
                                .map(k -> RootDocument.encodeKey(k.getPublic()))
                                .toList(),
                        rootThreshold,
                        releaseKeys.stream()
                                .map(k -> RootDocument.encodeKey(k.getPublic()))
                                .toList(),
                        releaseThreshold),
                signers);
    }

    private BundleSurgery surgery() throws IOException {
        return BundleSurgery.of(base, List.of(release));
    }

    private static byte[] key(int i) {
        byte[] key = TestBundles.sha256("hostile-" + i);
        key[0] = (byte) i; // keys in the order of i
        return key;
    }

    private static byte[] value(byte[] key, int nameId) {
        return RecordCodec.encodeFile(
                new FileHashes(null, null, Hash.ofBytes(HashType.SHA256, key)),
                new Verdict(Category.MALWARE, null, null, null, 0),
                nameId,
                HashType.SHA256);
    }

    private static byte[] entries(byte[]... keysAndValues) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.write(keysAndValues[i]);
            BundleWriter.writeVarint(out, keysAndValues[i + 1].length);
            out.write(keysAndValues[i + 1]);
        }
        return out.toByteArray();
    }

    /** The base bundle with its SHA-256 part replaced by {@code part} declaring {@code entries}. */
    private Maker records(byte[] part, long entries) {
        return file -> surgery().part("file-sha256", part, entries).write(file);
    }

    /** The base bundle carrying v1 and {@code extra}, signed by {@code signers}. */
    private Maker carrying(SignedRoot extra, KeyPair... signers) {
        return file -> {
            BundleSurgery surgery = BundleSurgery.of(base, List.of(signers));
            surgery.roots = RootSection.encode(List.of(v1, extra));
            return surgery.write(file);
        };
    }

    /** The base bundle with one ip-range record whose key is {@code key} (issue 11 item 9). */
    private Maker ipRange(byte[] key) {
        return file -> {
            BundleSurgery surgery = surgery();
            surgery.parts.add(new BundleSurgery.Part("ip-range", entries(key, RANGE_VALUE), 1));
            ((ObjectNode) surgery.manifest.get("counts")).put("ipRanges", 1);
            // A full bundle may omit its state checksum: the key is then the one fault.
            surgery.manifest.putNull("stateSha256");
            return surgery.write(file);
        };
    }

    /** A valid ip-range key changed by {@code change}. */
    private static byte[] rangeKey(String range, java.util.function.Consumer<byte[]> change) {
        byte[] key = IpRange.parse(range).key();
        change.accept(key);
        return key;
    }

    private Maker manifest(java.util.function.Consumer<ObjectNode> change) {
        return file -> surgery().manifest(change).write(file);
    }

    private List<Case> corpus() throws IOException {
        List<Case> cases = new ArrayList<>();
        // The container.
        cases.add(new Case("empty file", "truncated", file -> Files.write(file, new byte[0])));
        cases.add(new Case(
                "a zip archive, not a bundle",
                "not-a-bundle",
                file -> Files.write(file, Arrays.copyOf("PK\u0003\u0004".getBytes(StandardCharsets.ISO_8859_1), 200))));
        cases.add(new Case(
                "cut inside the header",
                "truncated",
                file -> Files.write(file, Arrays.copyOf(Files.readAllBytes(base), 16))));
        cases.add(new Case("container version from the future", "unsupported-format", file -> {
            BundleSurgery surgery = surgery();
            surgery.version = 3;
            return surgery.write(file);
        }));
        cases.add(new Case("unknown header flags", "unsupported-format", file -> {
            BundleSurgery surgery = surgery();
            surgery.flags = 1;
            return surgery.write(file);
        }));
        cases.add(new Case("manifest length zero", "malformed-manifest", file -> {
            BundleSurgery surgery = surgery();
            surgery.rawManifestLength = 0L;
            return surgery.write(file);
        }));
        cases.add(new Case("manifest length above 1 MiB", "malformed-manifest", file -> {
            BundleSurgery surgery = surgery();
            surgery.rawManifestLength = 2L << 20;
            return surgery.write(file);
        }));
        cases.add(new Case("signature block of a ragged size", "malformed-signatures", file -> {
            BundleSurgery surgery = surgery();
            surgery.rawSignaturesLength = 2L + BundleFormat.SIGNATURE_ENTRY_BYTES + 1;
            return surgery.write(file);
        }));
        cases.add(new Case("17 signatures, above the bound", "malformed-signatures", file -> {
            BundleSurgery surgery = surgery();
            surgery.signers = Collections.nCopies(17, release);
            return surgery.write(file);
        }));
        cases.add(new Case("signature count disagreeing with the block", "malformed-signatures", file -> {
            BundleSurgery surgery = surgery();
            byte[] block = BundleWriter.sign(
                    surgery.manifestBytes(), List.of(release.getPrivate()), List.of(release.getPublic()));
            block[1] = 2;
            surgery.rawSignatures = block;
            return surgery.write(file);
        }));
        cases.add(new Case("roots section length above its bound", "malformed-roots", file -> {
            BundleSurgery surgery = surgery();
            surgery.rawRootsLength = RootSection.MAX_BYTES + 1;
            return surgery.write(file);
        }));
        cases.add(new Case("roots section declaring more than it holds", "malformed-roots", file -> {
            BundleSurgery surgery = surgery();
            surgery.roots = new byte[] {0, 1, 0, 0, 0x10, 0};
            return surgery.write(file);
        }));
        cases.add(new Case("33 root documents, above the bound", "malformed-roots", file -> {
            BundleSurgery surgery = surgery();
            byte[] one = RootSection.encode(List.of(v1));
            ByteArrayOutputStream section = new ByteArrayOutputStream();
            section.write(new byte[] {0, 33});
            for (int i = 0; i < 33; i++) {
                section.write(one, 2, one.length - 2);
            }
            surgery.roots = section.toByteArray();
            return surgery.write(file);
        }));
        // Signatures and keys.
        cases.add(new Case("manifest altered after signing", "bad-signature", file -> {
            BundleSurgery surgery = surgery();
            byte[] signed = surgery.manifestBytes();
            surgery.rawManifest = new String(signed, StandardCharsets.UTF_8)
                    .replace("\"sequence\":" + (LIVE_SEQUENCE + 1), "\"sequence\":" + (LIVE_SEQUENCE + 9))
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(surgery.rawManifest).isNotEqualTo(signed);
            surgery.signRawManifest = false;
            return surgery.write(file);
        }));
        cases.add(new Case(
                "signed by a key no root names", "unknown-key", file -> BundleSurgery.of(base, List.of(stranger))
                        .write(file)));
        cases.add(new Case("signed by the root key instead of a release key", "unknown-key", file -> BundleSurgery.of(
                        base, List.of(rootKey))
                .write(file)));
        cases.add(new Case(
                "root version 2 signed by a key that is not a root key",
                "root-insufficient-signatures",
                carrying(root(2, LATER, List.of(stranger), 1, List.of(stranger), 1, List.of(stranger)), stranger)));
        cases.add(new Case("root version 2 altered after signing", "root-insufficient-signatures", file -> {
            SignedRoot signed = root(2, LATER, List.of(rootKey), 1, List.of(release), 1, List.of(rootKey));
            byte[] altered = new String(signed.document(), StandardCharsets.UTF_8)
                    .replace(RootDocument.encodeKey(release.getPublic()), RootDocument.encodeKey(stranger.getPublic()))
                    .getBytes(StandardCharsets.UTF_8);
            return carrying(new SignedRoot(altered, signed.signatures()), stranger)
                    .make(file);
        }));
        cases.add(new Case(
                "root version 3 right after version 1",
                "root-version-mismatch",
                carrying(root(3, LATER, List.of(rootKey), 1, List.of(release), 1, List.of(rootKey)), release)));
        cases.add(new Case(
                "root version 2 handing over to a key that did not sign it",
                "root-not-self-signed",
                carrying(root(2, LATER, List.of(stranger), 1, List.of(stranger), 1, List.of(rootKey)), stranger)));
        cases.add(new Case(
                "newest root expired",
                "root-expired",
                carrying(
                        root(
                                2,
                                Instant.now().minusSeconds(60),
                                List.of(rootKey),
                                1,
                                List.of(release),
                                1,
                                List.of(rootKey)),
                        release)));
        cases.add(new Case(
                "signed root document that is not JSON",
                "malformed-root",
                carrying(SignedRoot.sign(BundleSurgery.utf8("{not json"), List.of(rootKey)), release)));
        cases.add(new Case(
                "one of two required release signatures",
                "insufficient-signatures",
                carrying(
                        root(2, LATER, List.of(rootKey), 1, List.of(release, release2), 2, List.of(rootKey)),
                        release)));
        cases.add(new Case(
                "one release key signing twice for a threshold of two",
                "insufficient-signatures",
                carrying(
                        root(2, LATER, List.of(rootKey), 1, List.of(release, release2), 2, List.of(rootKey)),
                        release,
                        release)));
        cases.add(new Case(
                "a bad signature by one trusted key beside a good one that meets the threshold",
                "bad-signature",
                file -> {
                    // Issue 11 item 10: both keys are release keys of root 2, one signature suffices.
                    BundleSurgery surgery = BundleSurgery.of(base, List.of(release, release2));
                    surgery.roots = RootSection.encode(List.of(
                            v1, root(2, LATER, List.of(rootKey), 1, List.of(release, release2), 1, List.of(rootKey))));
                    byte[] block = BundleWriter.sign(
                            surgery.manifestBytes(),
                            List.of(release.getPrivate(), release2.getPrivate()),
                            List.of(release.getPublic(), release2.getPublic()));
                    block[2 + BundleFormat.SIGNATURE_ENTRY_BYTES + BundleFormat.KEY_ID_BYTES] ^= 1;
                    surgery.rawSignatures = block;
                    return surgery.write(file);
                }));
        // The manifest.
        cases.add(new Case("manifest format from the future", "unsupported-format", manifest(m -> m.put("format", 3))));
        cases.add(new Case("manifest with an unknown field", "malformed-manifest", manifest(m -> m.put("extra", 1))));
        cases.add(new Case("manifest with a duplicate key", "malformed-manifest", file -> {
            BundleSurgery surgery = surgery();
            surgery.rawManifest = new String(surgery.manifestBytes(), StandardCharsets.UTF_8)
                    .replaceFirst("\\{\"format\":1", "{\"format\":1,\"format\":1")
                    .getBytes(StandardCharsets.UTF_8);
            return surgery.write(file);
        }));
        cases.add(new Case("manifest that is not JSON", "malformed-manifest", file -> {
            BundleSurgery surgery = surgery();
            surgery.rawManifest = BundleSurgery.utf8("<manifest/>");
            return surgery.write(file);
        }));
        // Issue 11 item 8: what a lenient parser would guess at.
        cases.add(new Case("manifest starting with a byte-order mark", "malformed-manifest", file -> {
            BundleSurgery surgery = surgery();
            byte[] json = surgery.manifestBytes();
            surgery.rawManifest = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, json);
            return surgery.write(file);
        }));
        cases.add(new Case(
                "a sequence with a fraction, which would be read as its integer part",
                "malformed-manifest",
                manifest(m -> m.put("sequence", LIVE_SEQUENCE + 1.5))));
        cases.add(new Case(
                "a sequence written as a string",
                "malformed-manifest",
                manifest(m -> m.put("sequence", String.valueOf(LIVE_SEQUENCE + 1)))));
        cases.add(new Case("a part size with an exponent", "malformed-manifest", file -> {
            BundleSurgery surgery = surgery();
            surgery.rawManifest = new String(surgery.manifestBytes(), StandardCharsets.UTF_8)
                    .replaceFirst("\"size\":(\\d+)", "\"size\":$1e0")
                    .getBytes(StandardCharsets.UTF_8);
            return surgery.write(file);
        }));
        cases.add(new Case(
                "a creation time in epoch seconds",
                "malformed-manifest",
                manifest(m -> m.put("created", TestBundles.CREATED.getEpochSecond()))));
        cases.add(new Case(
                "root version 2 whose version has a fraction",
                "malformed-root",
                carrying(
                        SignedRoot.sign(
                                new String(
                                                root(2, LATER, List.of(rootKey), 1, List.of(release), 1, List.of())
                                                        .document(),
                                                StandardCharsets.UTF_8)
                                        .replace("\"version\":2", "\"version\":2.0")
                                        .getBytes(StandardCharsets.UTF_8),
                                List.of(rootKey)),
                        release)));
        cases.add(new Case("bundle kind from the future", "unsupported-kind", manifest(m -> m.put("kind", "patch"))));
        cases.add(new Case("a delta without its base", "malformed-manifest", manifest(m -> m.put("kind", "delta"))));
        cases.add(new Case("a full bundle that removes records", "malformed-manifest", file -> {
            BundleSurgery surgery = surgery();
            surgery.parts.add(new BundleSurgery.Part("remove-file-sha256", new byte[32], 1));
            return surgery.write(file);
        }));
        cases.add(new Case(
                "a delta for another sequence",
                "wrong-base",
                file -> delta(file, LIVE_SEQUENCE - 1, liveRecords(), null)));
        cases.add(new Case(
                "a delta from a base state the appliance does not hold",
                "wrong-base",
                file -> delta(file, LIVE_SEQUENCE, List.of(TestBundles.eicar()), null)));
        cases.add(new Case(
                "a delta whose result misses the signed state",
                "state-mismatch",
                file -> delta(file, LIVE_SEQUENCE, liveRecords(), TestBundles.sha256Hex("another result"))));
        cases.add(new Case("record kind from a newer format", "unsupported-kind", file -> {
            BundleSurgery surgery = surgery();
            surgery.parts.add(new BundleSurgery.Part("package-sha256", new byte[40], 1));
            return surgery.write(file);
        }));
        cases.add(new Case("part listed twice", "duplicate-part", file -> {
            BundleSurgery surgery = surgery();
            surgery.parts.add(surgery.parts.get(1));
            return surgery.write(file);
        }));
        cases.add(new Case("parts out of order", "malformed-manifest", file -> {
            BundleSurgery surgery = surgery();
            Collections.swap(surgery.parts, 1, 2);
            return surgery.write(file);
        }));
        cases.add(new Case("part declaring 2 billion entries", "too-many-entries", file -> {
            BundleSurgery surgery = surgery();
            surgery.part("file-md5", surgery.part("file-md5"), 2_000_000_000L);
            return surgery.write(file);
        }));
        cases.add(new Case(
                "bundle above the size limit",
                "too-large",
                file -> surgery().write(file),
                new BundleLimits(1000, 1_000_000, 1000)));
        // Layout and parts.
        cases.add(new Case("last part cut short", "truncated", file -> {
            BundleSurgery surgery = surgery();
            surgery.cutBytes = 1;
            return surgery.write(file);
        }));
        cases.add(new Case("data after the last part", "trailing-data", file -> {
            BundleSurgery surgery = surgery();
            surgery.trailing = new byte[] {0};
            return surgery.write(file);
        }));
        cases.add(new Case("part changed after its digest was signed", "part-hash-mismatch", file -> {
            BundleSurgery surgery = surgery();
            byte[] tampered = surgery.part("file-md5").clone();
            tampered[0] ^= 1;
            surgery.manifestBytes();
            surgery.keepManifestParts = true;
            return surgery.part("file-md5", tampered, 1).write(file);
        }));
        byte[] k1 = key(1);
        byte[] k2 = key(2);
        // A changed byte that also breaks decoding is reported as the change it is, not as the
        // decoding error it caused: the rest of the part is hashed before the rejection is named.
        cases.add(new Case(
                "part changed after signing into a record that does not decode", "part-hash-mismatch", file -> {
                    BundleSurgery surgery = surgery();
                    byte[] tampered = surgery.part("file-md5").clone();
                    tampered[16] = 0; // the first record's value length, after its 16-byte MD5 key: 0 bytes
                    surgery.manifestBytes();
                    surgery.keepManifestParts = true;
                    return surgery.part("file-md5", tampered, 1).write(file);
                }));
        cases.add(new Case(
                "records out of order",
                "records-out-of-order",
                records(entries(k2, value(k2, -1), k1, value(k1, -1)), 2)));
        cases.add(new Case(
                "the same record twice",
                "duplicate-record",
                records(entries(k1, value(k1, -1), k1, value(k1, -1)), 2)));
        cases.add(new Case("a record with an empty value", "corrupt-record", records(entries(k1, new byte[0]), 1)));
        byte[] noVerdict = value(k1, -1);
        noVerdict[0] &= (byte) 0xF0;
        cases.add(new Case("a record with verdict code 0", "corrupt-record", records(entries(k1, noVerdict), 1)));
        cases.add(new Case(
                "a record naming a threat name that does not exist",
                "corrupt-record",
                records(entries(k1, value(k1, 50)), 1)));
        cases.add(new Case(
                "an over-long varint",
                "corrupt-part",
                records(concat(k1, new byte[] {-128, -128, -128, -128, -128, 1}), 1)));
        cases.add(new Case(
                "more entries declared than the part holds",
                "corrupt-part",
                records(entries(k1, value(k1, -1), k2, value(k2, -1)), 3)));
        cases.add(new Case("a threat name that is not UTF-8", "corrupt-part", file -> surgery()
                .part("names", new byte[] {2, (byte) 0xC3, 0x28}, 1)
                .write(file)));
        cases.add(new Case("a threat name with a control character", "corrupt-part", file -> surgery()
                .part("names", new byte[] {4, 'b', 'a', 'd', 7}, 1)
                .write(file)));
        cases.add(new Case(
                "counts that disagree with the records", "count-mismatch", manifest(m -> ((ObjectNode) m.get("counts"))
                        .put("files", 3))));
        cases.add(new Case(
                "records that do not give the signed state checksum",
                "state-mismatch",
                manifest(m -> m.put("stateSha256", TestBundles.sha256Hex("another state")))));
        cases.add(new Case(
                "a state checksum that is not a SHA-256",
                "malformed-manifest",
                manifest(m -> m.put("stateSha256", "ABC"))));
        // Issue 11 item 9: keys no lookup builds.
        cases.add(new Case(
                "an IP range with host bits set", "invalid-key", ipRange(rangeKey("192.0.2.0/24", k -> k[16] = 7))));
        cases.add(new Case(
                "an IPv4 range with prefix length 200",
                "invalid-key",
                ipRange(rangeKey("192.0.2.0/24", k -> k[17] = (byte) 200))));
        cases.add(new Case(
                "an IP range of address family 9", "invalid-key", ipRange(rangeKey("192.0.2.0/24", k -> k[0] = 9))));
        cases.add(new Case(
                "an IPv4 range not held as an IPv4-mapped address",
                "invalid-key",
                ipRange(rangeKey("192.0.2.0/24", k -> k[11] = 0))));
        cases.add(new Case(
                "an IPv6 range with prefix length 129",
                "invalid-key",
                ipRange(rangeKey("2001:db8::1", k -> k[17] = (byte) 129))));
        cases.add(new Case("an IPv4 range keyed as IPv6", "invalid-key", ipRange(rangeKey("192.0.2.0/24", k -> {
            k[0] = 6;
            k[17] = (byte) (96 + 24);
        }))));
        cases.add(new Case("a delta adding an IP range with host bits set", "invalid-key", file -> {
            DeltaWriter writer = new DeltaWriter();
            liveRecords().forEach(writer::addBase);
            liveRecords().forEach(writer::addTarget);
            writer.addTarget(new dev.outpost.reputation.ReputationRecord.Keyed(
                    KeySpace.IP_RANGE,
                    rangeKey("198.51.100.0/24", k -> k[16] = 1),
                    new Verdict(Category.MALWARE, null, null, null, 0)));
            writer.write(
                    file,
                    "test",
                    LIVE_SEQUENCE,
                    LIVE_SEQUENCE + 1,
                    TestBundles.CREATED,
                    TestBundles.EXPIRES,
                    Signers.of(List.of(release), List.of(v1)));
            return file;
        }));
        // Freshness and ordering.
        cases.add(new Case(
                "a bundle created in 2099", "created-in-future", manifest(m -> m.put("created", "2099-01-01T00:00:00Z")
                        .put("expires", "2100-01-01T00:00:00Z"))));
        cases.add(new Case("expired bundle", "expired", manifest(m -> m.put("created", "2020-01-01T00:00:00Z")
                .put("expires", "2020-02-01T00:00:00Z"))));
        cases.add(new Case(
                "rollback to an older sequence", "rollback", manifest(m -> m.put("sequence", LIVE_SEQUENCE - 1))));
        cases.add(
                new Case("a bundle for another dataset", "dataset-mismatch", manifest(m -> m.put("dataset", "other"))));
        return cases;
    }

    /** What the live bundle holds (TestBundles.writeSigned). */
    private static List<dev.outpost.reputation.ReputationRecord> liveRecords() {
        return List.of(TestBundles.eicar(), TestBundles.file((int) LIVE_SEQUENCE, Category.MALWARE));
    }

    /** A delta from {@code base} (claimed to be sequence {@code baseSequence}) adding one record. */
    private Path delta(Path file, long baseSequence, List<dev.outpost.reputation.ReputationRecord> base, String state)
            throws IOException {
        DeltaWriter writer = new DeltaWriter();
        base.forEach(writer::addBase);
        base.forEach(writer::addTarget);
        writer.addTarget(TestBundles.file(999, Category.MALWARE));
        writer.write(
                file,
                "test",
                baseSequence,
                LIVE_SEQUENCE + 1,
                TestBundles.CREATED,
                TestBundles.EXPIRES,
                Signers.of(List.of(release), List.of(v1)));
        if (state == null) {
            return file;
        }
        return BundleSurgery.of(file, List.of(release))
                .manifest(m -> m.put("stateSha256", state))
                .write(file);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @TestFactory
    Stream<DynamicTest> everyHostileBundleIsRejectedForItsOwnReasonAndChangesNothing() throws IOException {
        List<Case> cases = corpus();
        Set<String> names = new LinkedHashSet<>();
        cases.forEach(c ->
                assertThat(names.add(c.name())).as("case names are distinct").isTrue());
        assertThat(cases).as("issue 4 asks for at least 30 attacks").hasSizeGreaterThanOrEqualTo(30);
        Stream<DynamicTest> attacks = cases.stream()
                .map(c -> DynamicTest.dynamicTest(c.reason() + ": " + c.name(), () -> {
                    Path file = c.maker().make(dir.resolve("case.bundle"));
                    ImportOutcome outcome = importer(c.limits()).importBundle(file, "corpus", ImportProgress.NONE);
                    assertThat(outcome).isInstanceOfSatisfying(ImportOutcome.Rejected.class, rejected -> {
                        assertThat(rejected.reason()).isEqualTo(c.reason());
                        assertThat(rejected.detail()).hasSizeGreaterThan(15).doesNotContainPattern(INTERNALS);
                    });
                    assertLiveDatasetUnchanged();
                }));
        Stream<DynamicTest> control =
                Stream.of(DynamicTest.dynamicTest("control: the unaltered bundle is accepted", () -> {
                    BundleSurgery unaltered = surgery();
                    Path file = unaltered.write(dir.resolve("control.bundle"));
                    assertThat(importer(BundleLimits.DEFAULTS).importBundle(file, "corpus", ImportProgress.NONE))
                            .isInstanceOf(ImportOutcome.Activated.class);
                }));
        return Stream.concat(attacks, control);
    }

    private void assertLiveDatasetUnchanged() throws IOException {
        assertThat(store.activeInfo().orElseThrow().sequence()).isEqualTo(LIVE_SEQUENCE);
        assertThat(trust.version()).as("trusted root version").isEqualTo(1);
        assertThat(dir.resolve("trust/roots/2.root")).doesNotExist();
        try (Generation generation = store.acquire().orElseThrow()) {
            assertThat(generation.get(
                            KeySpace.FILE_MD5, Hash.parse(TestBundles.EICAR_MD5).bytes()))
                    .isNotNull();
            assertThat(generation.get(KeySpace.FILE_SHA256, TestBundles.sha256("file-" + LIVE_SEQUENCE)))
                    .isNotNull();
            assertThat(generation.get(KeySpace.FILE_SHA256, TestBundles.sha256("file-" + (LIVE_SEQUENCE + 1))))
                    .isNull();
        }
        try (Stream<Path> leftovers = Files.list(dir.resolve("generations"))) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".building"));
        }
    }
}
