package dev.outpost.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.StateChecksum;
import dev.outpost.bundle.importing.BundleImporter;
import dev.outpost.bundle.importing.ImportOutcome;
import dev.outpost.bundle.importing.ImportProgress;
import dev.outpost.reputation.KeySpace;
import dev.outpost.reputation.ObjectKind;
import dev.outpost.store.DatasetInfo;
import dev.outpost.store.StoreTuning;
import dev.outpost.store.rocksdb.RocksGenerationStore;
import dev.outpost.trust.TrustedKeys;

/**
 * Whole imports into a real RocksDB store (no mocks): the parts of a well-signed bundle, full or
 * delta, through the importer that the appliance runs. The outcome must be an activation or a
 * rejection with a documented reason; {@code import-failed} is the importer's name for an exception
 * nobody planned for, and a local failure would blame this machine's disk for a bundle's bytes.
 *
 * <p>The harness writes the manifest (declared counts, part list with each part's real size and
 * digest) and signs it, so the fuzzer's bytes are the parts themselves. Input:
 *
 * <pre>
 * byte 0       bit 0: manifest format 2 (listed domain names allowed)
 * bytes 1-5    declared counts: files, certificates, urls, domains, ipRanges
 * then parts   u8 part (0 names, 1-7 key space, 8-14 its removal part, else an unknown name),
 *              u16 entries, u16 length, then that many bytes (fewer if the input ends)
 * </pre>
 *
 * <p>A delta applies to the demo bundle, imported once through the same importer; it claims a state
 * checksum no delta can produce, so it is never activated and every input meets the same base.
 */
class ImportFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeySpace[] SPACES = KeySpace.values();
    private static final String NO_STATE = "0".repeat(64);
    /** Per-import INFO lines would cost the fuzzer more than the import; findings are logged as errors. */
    private static final Logger QUIET = quiet();

    private static final AtomicLong SEQUENCE = new AtomicLong(1);
    private static final BundleImporter FULL = importer(Scratch.directory("full-store"));
    private static final BundleImporter DELTA = importer(Scratch.directory("delta-store"));
    private static final DatasetInfo BASE = importDemo();

    @FuzzTest
    void fullBundle(byte[] input) {
        // A new sequence each time: a bundle that activated must not turn the next input into a replay.
        ObjectNode manifest = manifest(input, "fuzz", SEQUENCE.incrementAndGet(), Manifest.KIND_FULL);
        expectDocumentedOutcome(FULL, manifest, parts(input, manifest));
    }

    @FuzzTest
    void deltaBundle(byte[] input) {
        ObjectNode manifest = manifest(input, BASE.dataset(), BASE.sequence() + 1, Manifest.KIND_DELTA);
        manifest.putObject("base")
                .put("sequence", BASE.sequence())
                .put("stateSha256", StateChecksum.fromState(BASE.state()).sha256());
        manifest.put("stateSha256", NO_STATE);
        expectDocumentedOutcome(DELTA, manifest, parts(input, manifest));
    }

    private static void expectDocumentedOutcome(BundleImporter importer, ObjectNode manifest, byte[] parts) {
        byte[] bundle;
        try {
            bundle = Container.assemble(new byte[0], JSON.writeValueAsBytes(manifest), List.of(Demo.RELEASE), parts);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ImportOutcome outcome =
                importer.importBundle(Scratch.write("import.bundle", bundle), "fuzz", ImportProgress.NONE);
        if (outcome instanceof ImportOutcome.Rejected rejected) {
            assertThat(rejected.reason()).as(rejected.detail()).isNotEqualTo("import-failed");
        } else {
            assertThat(outcome).isInstanceOfAny(ImportOutcome.Activated.class, ImportOutcome.AlreadyActive.class);
        }
    }

    private static ObjectNode manifest(byte[] input, String dataset, long sequence, String kind) {
        ObjectNode manifest = JSON.createObjectNode()
                .put("format", input.length > 0 && (input[0] & 1) != 0 ? 2 : 1)
                .put("dataset", dataset)
                .put("sequence", sequence)
                .put("created", Demo.NOW.minus(Duration.ofHours(2)).toString())
                .put("expires", Demo.NOW.plus(Duration.ofDays(30)).toString())
                .put("kind", kind);
        manifest.putNull("base");
        manifest.putNull("stateSha256");
        ObjectNode counts = manifest.putObject("counts");
        for (ObjectKind object : ObjectKind.values()) {
            int at = 1 + object.ordinal();
            counts.put(object.plural(), at < input.length ? input[at] & 0xFF : 0);
        }
        return manifest;
    }

    /** Reads the parts from the input, lists them in the manifest and returns their bytes, back to back. */
    private static byte[] parts(byte[] input, ObjectNode manifest) {
        ArrayNode list = manifest.putArray("parts");
        ByteBuffer in = ByteBuffer.wrap(input);
        in.position(Math.min(input.length, 1 + ObjectKind.values().length));
        List<byte[]> parts = new ArrayList<>();
        while (in.remaining() >= 5) {
            int id = in.get() & 0xFF;
            int entries = in.getShort() & 0xFFFF;
            byte[] bytes = new byte[Math.min(in.getShort() & 0xFFFF, in.remaining())];
            in.get(bytes);
            parts.add(bytes);
            list.addObject()
                    .put("name", partName(id))
                    .put("size", bytes.length)
                    .put(
                            "sha256",
                            HexFormat.of().formatHex(BundleFormat.sha256().digest(bytes)))
                    .put("entries", entries);
        }
        ByteBuffer all =
                ByteBuffer.allocate(parts.stream().mapToInt(p -> p.length).sum());
        parts.forEach(all::put);
        return all.array();
    }

    private static String partName(int id) {
        if (id == 0) {
            return BundleFormat.NAMES_PART;
        }
        if (id <= SPACES.length) {
            return SPACES[id - 1].id();
        }
        if (id <= 2 * SPACES.length) {
            return Manifest.REMOVE_PREFIX + SPACES[id - 1 - SPACES.length].id();
        }
        return "x" + id;
    }

    private static BundleImporter importer(Path directory) {
        RocksGenerationStore store = RocksGenerationStore.open(directory.resolve("generations"), StoreTuning.DEFAULTS);
        Runtime.getRuntime().addShutdownHook(new Thread(store::close));
        return new BundleImporter(
                store,
                TrustedKeys.of(1, Demo.RELEASE.getPublic()),
                BundleLimits.DEFAULTS,
                Clock.fixed(Demo.NOW, ZoneOffset.UTC));
    }

    private static DatasetInfo importDemo() {
        ImportOutcome outcome =
                DELTA.importBundle(Scratch.write("demo.bundle", Demo.BUNDLE), "demo", ImportProgress.NONE);
        if (!(outcome instanceof ImportOutcome.Activated activated)) {
            throw new IllegalStateException("the demo bundle does not import: " + outcome);
        }
        return activated.dataset();
    }

    private static Logger quiet() {
        Logger logger = Logger.getLogger("dev.outpost");
        logger.setLevel(Level.WARNING);
        return logger;
    }
}
