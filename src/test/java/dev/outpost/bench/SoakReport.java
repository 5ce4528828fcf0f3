package dev.outpost.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.outpost.bench.SoakSuite.Sample;
import dev.outpost.bench.SoakSuite.Segment;

/**
 * The soak's report: {@code soak-report.md} (what the docs quote), {@code soak-report.json} (every
 * figure) and {@code soak-samples.csv} (the series, for a plot). Growth is reported as a
 * least-squares slope per hour over the steady part, the samples from the end of the first import
 * interval on, so that the block cache's and the JIT's warm-up do not count as a leak, and again
 * over the steady part's second half: memory that levels off has a late slope near zero, a leak
 * keeps its slope.
 */
record SoakReport(SoakSuite.Settings settings, SoakSuite.Result result) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A fitted line: {@code perHour} units per hour, and the range the samples spanned. */
    record Trend(double perHour, double first, double last, double min, double max, int samples) {}

    /** The samples from the end of the first import interval on. */
    List<Sample> steady() {
        double from = settings.importEvery().toSeconds();
        List<Sample> steady =
                result.samples().stream().filter(s -> s.seconds() >= from).toList();
        return steady.size() >= 2 ? steady : result.samples();
    }

    /** The second half of {@link #steady()}, by time. */
    List<Sample> late() {
        List<Sample> steady = steady();
        double from = (steady.get(0).seconds() + steady.get(steady.size() - 1).seconds()) / 2;
        List<Sample> late = steady.stream().filter(s -> s.seconds() >= from).toList();
        return late.size() >= 2 ? late : steady;
    }

    static Trend trend(List<Sample> samples, ToDoubleFunction<Sample> figure) {
        int n = samples.size();
        double meanT =
                samples.stream().mapToDouble(s -> s.seconds() / 3600).average().orElse(Double.NaN);
        double meanY = samples.stream().mapToDouble(figure).average().orElse(Double.NaN);
        double covariance = 0;
        double variance = 0;
        for (Sample s : samples) {
            double t = s.seconds() / 3600 - meanT;
            covariance += t * (figure.applyAsDouble(s) - meanY);
            variance += t * t;
        }
        return new Trend(
                variance == 0 ? Double.NaN : covariance / variance,
                n == 0 ? Double.NaN : figure.applyAsDouble(samples.get(0)),
                n == 0 ? Double.NaN : figure.applyAsDouble(samples.get(n - 1)),
                samples.stream().mapToDouble(figure).min().orElse(Double.NaN),
                samples.stream().mapToDouble(figure).max().orElse(Double.NaN),
                n);
    }

    Map<String, ToDoubleFunction<Sample>> figures() {
        Map<String, ToDoubleFunction<Sample>> figures = new LinkedHashMap<>();
        figures.put("RSS MiB", Sample::rssMiB);
        figures.put("block cache in use MiB", Sample::blockCacheMiB);
        figures.put("RSS less the block cache MiB", s -> s.rssMiB() - s.blockCacheMiB());
        figures.put("live heap MiB (after a full GC)", Sample::liveHeapMiB);
        figures.put("threads", Sample::threads);
        figures.put("open file descriptors", Sample::fileDescriptors);
        figures.put("data directory MiB", Sample::dataMiB);
        figures.put("… of which the database MiB", Sample::databaseMiB);
        if (!Double.isNaN(result.samples().get(0).nativeMemory().totalMiB())) {
            figures.put("NMT committed MiB", s -> s.nativeMemory().totalMiB());
            figures.put("… Java heap committed MiB", s -> s.nativeMemory().heapMiB());
            figures.put("… code cache MiB", s -> s.nativeMemory().codeMiB());
            figures.put("… metaspace MiB", s -> s.nativeMemory().metaspaceMiB());
            figures.put(
                    "RSS outside NMT MiB (RocksDB, malloc, libraries)",
                    s -> s.rssMiB() - s.nativeMemory().totalMiB());
            figures.put(
                    "… less the block cache MiB",
                    s -> s.rssMiB() - s.nativeMemory().totalMiB() - s.blockCacheMiB());
        }
        return figures;
    }

    /** Each figure's trend over {@code samples}: {@link #steady()} or {@link #late()}. */
    Map<String, Trend> trends(List<Sample> samples) {
        Map<String, Trend> trends = new LinkedHashMap<>();
        figures().forEach((name, figure) -> trends.put(name, trend(samples, figure)));
        return trends;
    }

    void write(Path work) throws IOException {
        StringBuilder md = new StringBuilder("# Soak\n\n");
        md.append("machine: ").append(HttpBenchSuite.machine()).append("\n\n");
        SoakSuite.describe(settings)
                .forEach((k, v) ->
                        md.append("- ").append(k).append(": ").append(v).append('\n'));

        List<Segment> segments = result.segments();
        long requests = segments.stream().mapToLong(Segment::requests).sum();
        double seconds = segments.stream().mapToDouble(Segment::seconds).sum();
        Map<Integer, Long> statuses = new TreeMap<>();
        segments.forEach(s -> s.statuses().forEach((k, v) -> statuses.merge(k, v, Long::sum)));
        double[] rates = segments.stream()
                .mapToDouble(Segment::requestsPerSecond)
                .sorted()
                .toArray();
        long[] p99 = segments.stream().mapToLong(Segment::p99Micros).sorted().toArray();
        md.append(String.format(
                Locale.ROOT,
                "%n## Totals%n%n- requests: %d in %.0f s (%.0f/s); per segment min / median / max req/s:"
                        + " %.0f / %.0f / %.0f; p99 µs min / median / max: %d / %d / %d%n"
                        + "- statuses: %s; connection errors and timeouts: %d%n"
                        + "- local verdict cycles (create, look up, delete, look up): %d%n"
                        + "- server CPU: %.0f s%n",
                requests,
                seconds,
                requests / seconds,
                rates[0],
                rates[rates.length / 2],
                rates[rates.length - 1],
                p99[0],
                p99[p99.length / 2],
                p99[p99.length - 1],
                statuses,
                segments.stream().mapToLong(Segment::errors).sum(),
                result.verdictCycles(),
                result.samples().isEmpty()
                        ? Double.NaN
                        : result.samples().get(result.samples().size() - 1).cpuSeconds()));

        md.append("\n## Imports (a full bundle dropped into the inbox each interval)\n\n");
        md.append("| sequence | dropped at s | active after s |\n|---|---|---|\n");
        result.imports()
                .forEach(i -> md.append(String.format(
                        Locale.ROOT,
                        "| %d | %.0f | %.1f |%n",
                        i.sequence(),
                        i.droppedAtSeconds(),
                        i.activeAfterSeconds())));

        md.append(String.format(
                Locale.ROOT,
                "%n## Growth over the steady part (from %d s on, %d samples; slope by least squares)%n%n",
                settings.importEvery().toSeconds(),
                steady().size()));
        md.append(String.format(
                Locale.ROOT,
                "| figure | slope per hour | slope per hour from %.0f s | first | last | min | max |%n",
                late().get(0).seconds()));
        md.append("|---|---|---|---|---|---|---|\n");
        Map<String, Trend> late = trends(late());
        trends(steady())
                .forEach((name, t) -> md.append(String.format(
                        Locale.ROOT,
                        "| %s | %+.2f | %+.2f | %.1f | %.1f | %.1f | %.1f |%n",
                        name,
                        t.perHour(),
                        late.get(name).perHour(),
                        t.first(),
                        t.last(),
                        t.min(),
                        t.max())));

        md.append("\n## Problems\n\n");
        if (result.problems().isEmpty()) {
            md.append("none\n");
        } else {
            result.problems().forEach(p -> md.append("- ").append(p).append('\n'));
        }

        md.append("\n## Segments\n\n| start s | req/s | p50 µs | p99 µs | p99.9 µs | max µs | statuses | errors |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        segments.forEach(s -> md.append(String.format(
                Locale.ROOT,
                "| %.0f | %.0f | %d | %d | %d | %d | %s | %d |%n",
                s.startSeconds(),
                s.requestsPerSecond(),
                s.p50Micros(),
                s.p99Micros(),
                s.p999Micros(),
                s.maxMicros(),
                s.statuses(),
                s.errors())));

        StringBuilder csv = new StringBuilder(
                "seconds,rss_mib,live_heap_mib,block_cache_mib,threads,file_descriptors,data_mib,database_mib,sequence,cpu_seconds,"
                        + "nmt_committed_mib,nmt_heap_mib,nmt_code_mib,nmt_metaspace_mib\n");
        result.samples()
                .forEach(s -> csv.append(String.format(
                        Locale.ROOT,
                        "%.1f,%.1f,%.1f,%.1f,%d,%d,%.1f,%.1f,%d,%.2f,%.1f,%.1f,%.1f,%.1f%n",
                        s.seconds(),
                        s.rssMiB(),
                        s.liveHeapMiB(),
                        s.blockCacheMiB(),
                        s.threads(),
                        s.fileDescriptors(),
                        s.dataMiB(),
                        s.databaseMiB(),
                        s.sequence(),
                        s.cpuSeconds(),
                        s.nativeMemory().totalMiB(),
                        s.nativeMemory().heapMiB(),
                        s.nativeMemory().codeMiB(),
                        s.nativeMemory().metaspaceMiB())));

        Map<String, Object> json = new LinkedHashMap<>(SoakSuite.describe(settings));
        json.put("trends", trends(steady()));
        json.put("lateTrends", trends(late()));
        json.put("result", result);
        Files.writeString(work.resolve("soak-report.md"), md);
        Files.writeString(work.resolve("soak-samples.csv"), csv);
        Files.writeString(work.resolve("soak-report.json"), JSON.writeValueAsString(json));
        System.out.println(md);
    }
}
