package dev.outpost.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The soak (issue 17, goal 6): the packaged server under saturation for a long time, with a mix of
 * single and bulk file lookups, URL and IP lookups (wrk, {@code soak.lua}), local verdicts written
 * and deleted by an operator throughout, and a full bundle dropped into the inbox at a fixed
 * interval. It samples the server's resident set, its heap right after a forced full collection,
 * threads, open files and data directory, and reports each one's slope; every non-2xx answer is
 * counted by status. It asserts nothing about speed: {@link Result#problems()} lists what went
 * wrong (errors, unexpected statuses, imports that did not activate, verdict writes that failed or
 * were not seen by lookups, errors in the server's log).
 */
public final class SoakSuite {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Part of the cached bundles' names: bump it when the generated records change. */
    private static final String DATASET_VERSION = "v1";

    /** Requests in the mix file: this many cycles of {@link #CYCLE}. */
    private static final int CYCLES = 500;

    /** Items in each bulk request of the mix. */
    private static final int BULK_SIZE = 100;

    /**
     * One cycle of the lookup mix: mostly single lookups, as endpoint agents and gateways send them,
     * with a bulk file lookup and a bulk URL lookup each twenty requests.
     */
    private static final List<String> CYCLE = List.of(
            "file",
            "url",
            "file",
            "ip",
            "file",
            "file",
            "url",
            "file",
            "ip",
            "bulk-files",
            "file",
            "url",
            "file",
            "file",
            "ip",
            "file",
            "file",
            "bulk-urls",
            "file",
            "file");

    /** What to run; {@link #smoke} is the seconds-long mode that runs in {@code ./mvnw verify}. */
    public record Settings(
            int records,
            Duration duration,
            Duration importEvery,
            Duration segment,
            Duration sampleEvery,
            int connections,
            Duration verdictEvery,
            Path work,
            Path app,
            List<String> serverJvmOptions) {
        public Settings {
            if (duration.compareTo(importEvery) < 0 || importEvery.compareTo(Duration.ofSeconds(5)) < 0) {
                throw new IllegalArgumentException("the soak runs at least one import interval of 5 s or more");
            }
        }

        /** The bundles imported while the soak runs: one at each interval's end before the soak's. */
        public int imports() {
            return (int) ((duration.toSeconds() - 1) / importEvery.toSeconds());
        }

        public static Settings smoke(Path work, Path app) {
            return new Settings(
                    20_000,
                    Duration.ofSeconds(40),
                    Duration.ofSeconds(15),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(5),
                    8,
                    Duration.ofMillis(250),
                    work,
                    app,
                    HttpBenchSuite.Settings.PRODUCTION_JVM_OPTIONS);
        }
    }

    /** One wrk run of the mix. */
    public record Segment(
            double startSeconds,
            long requests,
            long errors,
            double seconds,
            long p50Micros,
            long p99Micros,
            long p999Micros,
            long maxMicros,
            Map<Integer, Long> statuses) {
        double requestsPerSecond() {
            return requests / seconds;
        }

        long non2xx() {
            return statuses.entrySet().stream()
                    .filter(e -> e.getKey() / 100 != 2)
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }
    }

    /**
     * The server's state at one instant: resident set, the old generation after a full collection
     * forced just before (the live heap), threads, open file descriptors, the data directory's and
     * the database's bytes, the active dataset, the CPU time so far, the block cache's use (its
     * gauge on {@code /q/metrics}) and, with {@code bench.nmt}, Native Memory Tracking's committed
     * figures (NaN without).
     */
    public record Sample(
            double seconds,
            double rssMiB,
            double liveHeapMiB,
            double blockCacheMiB,
            int threads,
            int fileDescriptors,
            double dataMiB,
            double databaseMiB,
            long sequence,
            double cpuSeconds,
            NativeMemory nativeMemory) {}

    /** Committed MiB by Native Memory Tracking's summary: all of it, the heap, code, metaspace. */
    public record NativeMemory(double totalMiB, double heapMiB, double codeMiB, double metaspaceMiB) {
        static final NativeMemory UNKNOWN = new NativeMemory(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        private static final java.util.regex.Pattern COMMITTED = java.util.regex.Pattern.compile("committed=(\\d+)KB");

        /** From {@code jcmd PID VM.native_memory summary}. */
        static NativeMemory parse(String summary) {
            return new NativeMemory(
                    committed(summary, "Total:"),
                    committed(summary, "Java Heap ("),
                    committed(summary, "Code ("),
                    committed(summary, "Metaspace ("));
        }

        private static double committed(String summary, String line) {
            return summary.lines()
                    .filter(l -> l.contains(line))
                    .map(COMMITTED::matcher)
                    .filter(java.util.regex.Matcher::find)
                    .mapToDouble(m -> Long.parseLong(m.group(1)) / 1024.0)
                    .findFirst()
                    .orElse(Double.NaN);
        }
    }

    /** A bundle dropped into the inbox, and how long it took to become the active dataset (NaN: never). */
    public record Import(long sequence, double droppedAtSeconds, double activeAfterSeconds) {}

    /** The outcome of a soak. */
    public record Result(
            List<Segment> segments,
            List<Sample> samples,
            List<Import> imports,
            long verdictCycles,
            List<String> problems) {}

    private final Settings settings;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Segment> segments = new CopyOnWriteArrayList<>();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final List<Import> imports = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicLong verdictCycles = new AtomicLong();
    private volatile boolean running = true;
    private long started;
    private String base;
    private long pid;

    public SoakSuite(Settings settings) {
        this.settings = settings;
    }

    /** Runs the soak; writes {@code soak-report.md}, {@code .json} and {@code soak-samples.csv}. */
    public Result run() throws Exception {
        Path work = Files.createDirectories(settings.work());
        Path keys = work.resolve("keys-soak-" + settings.records());
        List<Path> bundles = new ArrayList<>();
        for (int sequence = 1; sequence <= settings.imports() + 1; sequence++) {
            Path bundle =
                    work.resolve("soak-" + settings.records() + "-s" + sequence + "-" + DATASET_VERSION + ".bundle");
            if (!Files.exists(bundle)) {
                HttpBenchSuite.generate(
                        settings.records(), bundle, keys, sequence, "with-web", work.resolve("generate.log"));
            }
            bundles.add(bundle);
        }
        Path mix = writeMix(work.resolve("soak-requests.txt"));
        Path scripts = HttpBenchSuite.copyScripts(work);
        Path data = work.resolve("soak-data");
        HttpBenchSuite.deleteTree(data);
        String trust = "-Doutpost.trust.public-keys=" + keys.resolve("bench.pub.pem");
        HttpBenchSuite.java(
                List.of(
                        trust,
                        "-jar",
                        jar().toString(),
                        "import",
                        bundles.get(0).toString(),
                        "--data-dir",
                        data.toString()),
                work.resolve("soak-import.log"));

        String token = HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(32));
        int port = HttpBenchSuite.freePort();
        List<String> command = new ArrayList<>(List.of(HttpBenchSuite.javaBinary()));
        command.addAll(settings.serverJvmOptions());
        if (Boolean.getBoolean("bench.nmt")) {
            // Native Memory Tracking: where the resident set goes at the end (soak-nmt.txt).
            command.add("-XX:NativeMemoryTracking=summary");
        }
        command.addAll(List.of(
                trust,
                "-Doutpost.security.tokens=soak:operator:" + sha256(token),
                "-Doutpost.inbox.enabled=true",
                "-Doutpost.inbox.scan-interval=1s",
                // Handled bundles would stay in the inbox by default: the data directory's growth is
                // then the store's, the database's and the audit log's alone.
                "-Doutpost.inbox.after-import=delete",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Doutpost.data-dir=" + data,
                "-Dquarkus.log.level=WARN",
                "-jar",
                jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        Path serverLog = work.resolve("soak-server.log");
        Process server = builder.redirectErrorStream(true)
                .redirectOutput(serverLog.toFile())
                .start();
        pid = server.pid();
        base = "http://127.0.0.1:" + port;
        List<Thread> helpers = new ArrayList<>();
        try {
            HttpBenchSuite.awaitReady(port, server);
            started = System.nanoTime();
            helpers.add(new Thread(this::sample, "soak-sampler"));
            helpers.add(new Thread(() -> importEach(bundles, data), "soak-importer"));
            helpers.add(new Thread(() -> writeVerdicts(token), "soak-verdicts"));
            helpers.forEach(Thread::start);
            while (elapsed() < settings.duration().toSeconds()) {
                long left = settings.duration().toSeconds() - (long) elapsed();
                segments.add(wrk(
                        scripts.resolve("soak.lua"),
                        mix,
                        Math.max(1, Math.min(left, settings.segment().toSeconds()))));
            }
            running = false;
            for (Thread helper : helpers) {
                // The importer may still wait out the last bundle's interval.
                helper.join(settings.importEvery().plusMinutes(1).toMillis());
            }
            samples.add(sampleNow());
            if (Boolean.getBoolean("bench.nmt")) {
                HttpBenchSuite.nativeMemory(pid, work.resolve("soak-nmt.txt"));
            }
        } finally {
            running = false;
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                problems.add("the server did not stop within 60 s of SIGTERM");
                server.destroyForcibly();
            }
        }
        checkServerLog(serverLog);
        checkSegments();
        Result result = new Result(
                List.copyOf(segments),
                List.copyOf(samples),
                List.copyOf(imports),
                verdictCycles.get(),
                List.copyOf(problems));
        new SoakReport(settings, result).write(work);
        return result;
    }

    private double elapsed() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** A segment of the mix at saturation; its statuses are counted one by one. */
    private Segment wrk(Path script, Path mix, long seconds) throws IOException, InterruptedException {
        double start = elapsed();
        List<String> command = List.of(
                "wrk",
                "-t2",
                "-c" + settings.connections(),
                "-d" + seconds + "s",
                "--timeout",
                "10s",
                "-s",
                script.toString(),
                base,
                "--",
                mix.toString());
        JsonNode n = HttpBenchSuite.runWrk(command);
        Map<Integer, Long> statuses = new TreeMap<>();
        n.get("statuses")
                .fields()
                .forEachRemaining(e ->
                        statuses.put(Integer.valueOf(e.getKey()), e.getValue().asLong()));
        Segment segment = new Segment(
                start,
                n.get("requests").asLong(),
                n.get("errors").asLong(),
                n.get("seconds").asDouble(),
                n.get("p50").asLong(),
                n.get("p99").asLong(),
                n.get("p999").asLong(),
                n.get("max").asLong(),
                statuses);
        System.out.printf(
                Locale.ROOT,
                "RESULT soak t=%.0fs req/s=%.0f p99=%dus errors=%d statuses=%s%n",
                start,
                segment.requestsPerSecond(),
                segment.p99Micros(),
                segment.errors(),
                statuses);
        return segment;
    }

    private void checkSegments() {
        long errors = segments.stream().mapToLong(Segment::errors).sum();
        long non2xx = segments.stream().mapToLong(Segment::non2xx).sum();
        if (errors > 0) {
            problems.add(errors + " connection errors or timeouts");
        }
        if (non2xx > 0) {
            // Every request of the mix is valid and every lookup answers 200, hit or miss.
            problems.add(non2xx + " non-2xx answers to lookups");
        }
        long answered = segments.stream()
                .mapToLong(s -> s.statuses().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .sum();
        long requests = segments.stream().mapToLong(Segment::requests).sum();
        if (answered < requests) {
            problems.add((requests - answered) + " requests without a counted status");
        }
    }

    /** Samples the server every {@code sampleEvery} until the soak ends. */
    private void sample() {
        long every = settings.sampleEvery().toNanos();
        long next = System.nanoTime();
        while (running) {
            try {
                samples.add(sampleNow());
                // No catch-up bursts after a slow sample: each sample forces a full collection.
                next = Math.max(next + every, System.nanoTime());
                TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
            } catch (Exception e) {
                if (running) {
                    problems.add("sampling failed: " + e);
                }
                return;
            }
        }
    }

    private Sample sampleNow() throws IOException, InterruptedException {
        double seconds = elapsed();
        // The resident set before the forced collection: after it, the serial collector may give
        // memory back, which the load would not have had it do.
        double rss = HttpBenchSuite.rssMiB(pid);
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        int fds;
        try (Stream<Path> open = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds = (int) open.count();
        }
        NativeMemory nativeMemory = Boolean.getBoolean("bench.nmt")
                ? NativeMemory.parse(run(jdkTool("jcmd"), Long.toString(pid), "VM.native_memory", "summary"))
                : NativeMemory.UNKNOWN;
        double live = liveHeapMiB();
        double blockCache = blockCacheMiB();
        Path data = settings.work().resolve("soak-data");
        return new Sample(
                seconds,
                rss,
                live,
                blockCache,
                Integer.parseInt(field(status, "Threads:")),
                fds,
                bytesUnder(data) / 1048576.0,
                bytesUnder(data.resolve("db")) / 1048576.0,
                activeSequence(),
                HttpBenchSuite.cpuSeconds(pid),
                nativeMemory);
    }

    /**
     * Bytes of the files under {@code root}, skipping those that vanish while it is walked: imports
     * rename, ingest and delete files in the data directory all the time.
     */
    private static long bytesUnder(Path root) throws IOException {
        long[] total = {0};
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(
                    Path file, java.nio.file.attribute.BasicFileAttributes attributes) {
                total[0] += attributes.size();
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private static String field(String status, String name) {
        return status.lines()
                .filter(l -> l.startsWith(name))
                .findFirst()
                .orElseThrow()
                .substring(name.length())
                .strip();
    }

    /**
     * The old generation's use right after {@code jcmd GC.run}: with the serial collector a full
     * collection leaves every live object there, so this is the live heap. A young collection
     * alone never shows it, and the heap's total use swings with the young generation.
     */
    private double liveHeapMiB() throws IOException, InterruptedException {
        run(jdkTool("jcmd"), Long.toString(pid), "GC.run");
        List<String> lines =
                run(jdkTool("jstat"), "-gc", Long.toString(pid)).lines().toList();
        String[] header = lines.get(0).strip().split("\\s+");
        String[] values = lines.get(1).strip().split("\\s+");
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals("OU")) {
                return Double.parseDouble(values[i]) / 1024.0;
            }
        }
        throw new IllegalStateException("jstat printed no OU column: " + lines);
    }

    private static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /**
     * Drops bundle {@code k + 1} into the inbox at each multiple {@code k} of the interval, as an
     * operator's copy would arrive (hidden while copying), and waits for it to become active.
     */
    private void importEach(List<Path> bundles, Path data) {
        try {
            Path inbox = Files.createDirectories(data.resolve("inbox"));
            for (int k = 1; k < bundles.size() && running; k++) {
                long due = started + settings.importEvery().toNanos() * k;
                while (running && System.nanoTime() < due) {
                    Thread.sleep(Math.min(200, Math.max(1, (due - System.nanoTime()) / 1_000_000)));
                }
                if (!running) {
                    return;
                }
                long sequence = k + 1;
                double dropped = elapsed();
                Path partial = inbox.resolve(".incoming.tmp");
                Files.copy(bundles.get(k), partial);
                Files.move(partial, inbox.resolve("soak-" + sequence + ".bundle"));
                double active = Double.NaN;
                long deadline = due + settings.importEvery().toNanos();
                while (System.nanoTime() < deadline) {
                    if (activeSequence() == sequence) {
                        active = elapsed() - dropped;
                        break;
                    }
                    Thread.sleep(250);
                }
                imports.add(new Import(sequence, dropped, active));
                System.out.printf(Locale.ROOT, "RESULT soak import sequence=%d active-after=%.1fs%n", sequence, active);
                if (Double.isNaN(active)) {
                    problems.add("bundle " + sequence + " was not active within one interval of its drop");
                }
            }
        } catch (Exception e) {
            problems.add("importing failed: " + e);
        }
    }

    /**
     * The RocksDB block cache's use from its gauge: the resident set may grow by it until the cache
     * is full, which is memory the configuration allows, not a leak.
     */
    private double blockCacheMiB() throws IOException, InterruptedException {
        return get("/q/metrics")
                .lines()
                .filter(l -> l.startsWith("outpost_store_block_cache_usage_bytes "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)) / 1048576.0)
                .findFirst()
                .orElse(Double.NaN);
    }

    private long activeSequence() throws IOException, InterruptedException {
        return JSON.readTree(get("/api/v1/dataset"))
                .path("active")
                .path("sequence")
                .asLong(-1);
    }

    /** The body of an unauthenticated GET on the server. */
    private String get(String path) throws IOException, InterruptedException {
        return client.send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /**
     * An operator's work throughout: a local verdict on a new file hash is created, a lookup must
     * then answer with it, it is deleted, and a lookup must no longer see it. Every step's status is
     * checked.
     */
    private void writeVerdicts(String token) {
        SplittableRandom random = new SplittableRandom(17);
        long every = settings.verdictEvery().toNanos();
        long next = System.nanoTime();
        while (running) {
            try {
                byte[] digest = new byte[32];
                random.nextBytes(digest);
                String hash = HexFormat.of().formatHex(digest);
                HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/local-verdicts"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"file\",\"value\":\"" + hash
                                + "\",\"verdict\":\"MALWARE\",\"comment\":\"soak\"}")));
                expect(created, 201, "create");
                long id = JSON.readTree(created.body()).path("id").asLong();
                String seen = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/files/" + hash)))
                        .body();
                if (!seen.contains("\"localVerdictId\":" + id)) {
                    problems.add(
                            "a lookup right after creating local verdict " + id + " did not answer with it: " + seen);
                }
                expect(
                        send(HttpRequest.newBuilder(URI.create(base + "/api/v1/local-verdicts/" + id))
                                .header("Authorization", "Bearer " + token)
                                .DELETE()),
                        204,
                        "delete");
                String gone = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/files/" + hash)))
                        .body();
                if (gone.contains("\"localVerdictId\":" + id)) {
                    problems.add("a lookup after deleting local verdict " + id + " still answered with it");
                }
                verdictCycles.incrementAndGet();
                next += every;
                TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
            } catch (Exception e) {
                if (running) {
                    problems.add("a local verdict cycle failed: " + e);
                }
                return;
            }
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(
                    what + " answered " + response.statusCode() + " instead of " + status + ": " + response.body());
        }
    }

    /** Lines of the server's log at ERROR level (it runs at WARN): each one is a problem. */
    private void checkServerLog(Path log) throws IOException {
        List<String> errors = Files.readAllLines(log).stream()
                .filter(l -> l.contains(" ERROR "))
                .toList();
        if (!errors.isEmpty()) {
            problems.add(errors.size() + " ERROR lines in the server's log, the first: " + errors.get(0));
        }
    }

    /** {@value #CYCLES} cycles of the mix, half hits and half misses of each kind. */
    private Path writeMix(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(29);
        int records = settings.records();
        int urls = BenchMain.urlRecords(records);
        int ranges = Math.max(1, BenchMain.ipRanges(records));
        StringBuilder out = new StringBuilder();
        // Hits and misses alternate within each kind, so that each kind is half hits.
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            for (String kind : CYCLE) {
                boolean hit = seen.merge(kind, 1, Integer::sum) % 2 == 1;
                switch (kind) {
                    case "file" -> out.append("GET /api/v1/files/").append(fileKey(random, records, hit));
                    case "url" ->
                        out.append("GET /api/v1/urls?url=")
                                .append(URLEncoder.encode(
                                        BenchMain.lookupUrl(random, random.nextInt(urls), hit),
                                        StandardCharsets.UTF_8));
                    case "ip" ->
                        out.append("GET /api/v1/ips/")
                                .append(BenchMain.lookupIp(random, random.nextInt(ranges), hit, random.nextBoolean()));
                    case "bulk-files" -> {
                        out.append("POST /api/v1/files/lookup {\"hashes\":[");
                        for (int i = 0; i < BULK_SIZE; i++) {
                            out.append(i == 0 ? "\"" : ",\"")
                                    .append(fileKey(random, records, i % 2 == 0))
                                    .append('"');
                        }
                        out.append("]}");
                    }
                    case "bulk-urls" -> {
                        out.append("POST /api/v1/urls/lookup {\"urls\":[");
                        for (int i = 0; i < BULK_SIZE; i++) {
                            out.append(i == 0 ? "\"" : ",\"")
                                    .append(BenchMain.lookupUrl(random, random.nextInt(urls), i % 2 == 0))
                                    .append('"');
                        }
                        out.append("]}");
                    }
                    default -> throw new IllegalStateException(kind);
                }
                out.append('\n');
            }
        }
        Files.writeString(file, out);
        return file;
    }

    private static String fileKey(SplittableRandom random, int records, boolean hit) {
        return HexFormat.of().formatHex(BenchMain.key(random.nextInt(records) + (hit ? 0L : records)));
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private Path jar() {
        return settings.app().resolve("quarkus-run.jar");
    }

    /** For the report: settings as figures. */
    static Map<String, Object> describe(Settings settings) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("records", settings.records());
        map.put("minutes", settings.duration().toSeconds() / 60.0);
        map.put("importEverySeconds", settings.importEvery().toSeconds());
        map.put("connections", settings.connections());
        map.put("segmentSeconds", settings.segment().toSeconds());
        map.put("sampleEverySeconds", settings.sampleEvery().toSeconds());
        map.put("verdictCycleEveryMillis", settings.verdictEvery().toMillis());
        map.put("serverJvmOptions", String.join(" ", settings.serverJvmOptions()));
        map.put("mix", CYCLE);
        map.put("bulkSize", BULK_SIZE);
        return map;
    }
}
