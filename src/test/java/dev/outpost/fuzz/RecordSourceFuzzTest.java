package dev.outpost.fuzz;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.outpost.publishing.RecordSource;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.ReputationRecord;

/**
 * A publisher's record files, CSV and JSON Lines (offline-bundles/FORMAT.md, "Record sources"), read
 * from disk as {@code outpost bundle build --records} reads them. Every fault in a file is an {@link
 * InvalidInputException} that names the line; an exception of any other kind would reach the
 * publisher as a stack trace.
 */
class RecordSourceFuzzTest {
    @FuzzTest
    void csv(byte[] file) throws IOException {
        read("records.csv", file);
    }

    @FuzzTest
    void jsonLines(byte[] file) throws IOException {
        read("records.jsonl", file);
    }

    private static void read(String name, byte[] file) throws IOException {
        List<ReputationRecord> records = new ArrayList<>();
        try {
            RecordSource.read(Scratch.write(name, file), records::add);
        } catch (InvalidInputException refused) {
            // The documented refusal, naming the line.
        }
    }
}
