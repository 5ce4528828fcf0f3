package dev.outpost.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The delta benchmark on a tiny dataset, so that its tasks cannot rot; it asserts no timing. */
class DeltaBenchmarkSmokeIT {
    @Test
    void theDeltaScenarioRunsOnATinyDataset() throws Exception {
        System.setProperty("bench.records", "2000");
        System.setProperty("bench.delta-changes", "60");
        System.setProperty("bench.rounds", "1");
        try {
            new DeltaBenchmark().deltaAgainstFullImport();
        } finally {
            System.clearProperty("bench.records");
            System.clearProperty("bench.delta-changes");
            System.clearProperty("bench.rounds");
        }
        String report = Files.readString(Path.of("target", "bench", "delta-report.md"));
        assertThat(report).contains("records: 2000, delta: 60 changes").contains("| delta.changes | 60.000");
    }
}
