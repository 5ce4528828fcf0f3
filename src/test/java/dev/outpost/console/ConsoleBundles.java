package dev.outpost.console;

import java.io.IOException;
import java.nio.file.Path;

import dev.outpost.bundle.TestBundles;
import dev.outpost.bundle.importing.ImportsApi;
import dev.outpost.publishing.BundleWriter;
import dev.outpost.publishing.RecordSource;
import dev.outpost.reputation.Category;

/**
 * Bundles the console's tests upload. A successor carries every record of the demo bundle
 * (offline-bundles/demo-records.csv) plus numbered malware files, so that the lookups other console
 * tests make in the same application (EICAR, the Safe Browsing test URLs, the demo IP and
 * certificate) answer alike before and after an upload.
 */
final class ConsoleBundles {
    private ConsoleBundles() {}

    /** The demo dataset at {@code sequence}, with {@code extra} more files, signed by the demo release key. */
    static Path demoSuccessor(Path dir, long sequence, int extra) throws IOException {
        BundleWriter writer = new BundleWriter();
        RecordSource.read(Path.of("offline-bundles/demo-records.csv"), writer::add);
        for (int i = 0; i < extra; i++) {
            writer.add(TestBundles.file(i, Category.MALWARE));
        }
        return ImportsApi.writeDemo(writer, dir.resolve("demo-" + sequence + ".bundle"), sequence);
    }
}
