package dev.outpost.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * HTTP scenarios of the benchmark suite (issue 3) against the packaged application on loopback,
 * loaded by wrk from a separate process: a dataset is generated and imported through the jar's own
 * CLI, the server is started with the constant-answer baseline enabled, and every lookup scenario
 * is measured beside its baseline in the same run, alternating, so that noise hits both.
 */
public final class HttpBenchSuite {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What to run; {@link #smoke()} is the seconds-long mode that runs in {@code ./mvnw verify}. */
    public record Settings(
            int records,
            int seconds,
            int rounds,
            List<Integer> connections,
            List<Integer> bulkSizes,
            int importRecords,
            int importWindowSeconds,
            Path work,
            Path app,
            List<String> serverJvmOptions,
            Set<String> scenarios) {
        /**
         * The groups of scenarios {@code bench.scenarios} may name: single lookups, bulk file
         * lookups (each beside the bulk baseline), bulk URL lookups, lookups during an import,
         * under slow clients, and the overload.
         */
        public static final Set<String> ALL_SCENARIOS =
                Set.of("single", "bulk", "bulk-urls", "import", "slow-clients", "overload");

        public Settings {
            if (!ALL_SCENARIOS.containsAll(scenarios)) {
                throw new IllegalArgumentException("scenarios are among " + ALL_SCENARIOS + ", not " + scenarios);
            }
        }

        boolean runs(String scenario) {
            return scenarios.contains(scenario);
        }

        /**
         * The server's JVM options in production (the kit's launcher, which deploy/systemd and the
         * container image run, and the README): a fixed heap, so that memory stays bounded under
         * load, the serial collector, temporary direct buffers over 256 KiB freed after use, and
         * the native heap trimmed every 30 s where this JVM has the option (issue 17), by the
         * launcher's rule: the tests' servers run on the tests' JVM.
         */
        public static final List<String> PRODUCTION_JVM_OPTIONS = productionJvmOptions(Runtime.version());

        /** In the launcher's order, so that KitIT can hold the launcher to this list. */
        public static List<String> productionJvmOptions(Runtime.Version version) {
            List<String> options = new ArrayList<>(List.of("-Xmx192m", "-Xms24m", "-XX:+UseSerialGC"));
            int feature = version.feature();
            int update = version.update();
            if (feature >= 22 || (feature == 21 && update >= 2) || (feature == 17 && update >= 10)) {
                // Experimental in some of those updates, as deploy/kit/bin/outpost says.
                options.addAll(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=30000"));
            }
            options.add("-Djdk.nio.maxCachedBufferSize=262144");
            return List.copyOf(options);
        }

        public static Settings smoke(Path work, Path app) {
            return new Settings(
                    20_000,
                    1,
                    1,
                    List.of(8),
                    List.of(100),
                    40_000,
                    8,
                    work,
                    app,
                    PRODUCTION_JVM_OPTIONS,
                    ALL_SCENARIOS);
        }
    }

    /**
     * Part of the cached bundles' names: bump it whenever the generated records or the bundle format
     * change, or runs reuse bundles that no longer match (v3: URL records, keyed by host and
     * expression).
     */
    private static final String DATASET_VERSION = "v3";

    /** Connections for the idle / during-import comparison (the issue's 32). */
    private static final int IMPORT_SCENARIO_CONNECTIONS = 32;

    /** Stalled uploads one client holds in the slow-clients scenario (issue 11 item 1). */
    private static final int SLOW_CLIENTS = 1000;

    /** One wrk run's figures. */
    public record Run(
            String scenario,
            int connections,
            long requests,
            long errors,
            long non2xx,
            double seconds,
            long p50Micros,
            long p99Micros,
            long p999Micros,
            long maxMicros,
            int batch,
            double serverCpuSeconds) {
        double requestsPerSecond() {
            return requests / seconds;
        }

        /**
         * The server process's CPU time (user and system, all threads) per item answered, in
         * microseconds; NaN when the server was not measured. Another load on the shared cores changes
         * it far less than it changes the rate, so it is the steadier figure for comparing two builds.
         */
        double serverCpuMicrosPerItem() {
            return serverCpuSeconds * 1e6 / (requests * (double) batch);
        }

        double itemsPerSecond() {
            return requestsPerSecond() * batch;
        }
    }

    private final Settings settings;
    /** The server under measurement, once it runs. */
    private long serverPid = -1;

    private final Map<String, Object> report = new LinkedHashMap<>();
    private final List<Run> runs = new ArrayList<>();

    public HttpBenchSuite(Settings settings) {
        this.settings = settings;
    }

    /** The run's single figures (import, disk, start, memory), as the report lists them. */
    public Map<String, Object> figures() {
        return java.util.Collections.unmodifiableMap(report);
    }

    public static boolean wrkAvailable() {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, "wrk")));
    }

    /** Runs every HTTP scenario; returns the runs and writes {@code http-report.md} and {@code .json}. */
    public List<Run> run() throws Exception {
        Path work = Files.createDirectories(settings.work());
        Path bundle = work.resolve("bench-" + settings.records() + "-" + DATASET_VERSION + ".bundle");
        Path keys = work.resolve("keys-" + settings.records());
        if (!Files.exists(bundle)) {
            generate(settings.records(), bundle, keys, 1, "with-urls", work.resolve("generate.log"));
        }
        Path nextBundle = work.resolve("bench-" + settings.records() + "-next-" + settings.importRecords() + "-"
                + DATASET_VERSION + ".bundle");
        if (settings.importRecords() > 0 && settings.runs("import") && !Files.exists(nextBundle)) {
            // Sequence 2 of the same dataset and key; its keys include all of sequence 1's, so hits stay hits.
            generate(settings.importRecords(), nextBundle, keys, 2, "with-urls", work.resolve("generate-next.log"));
        }
        Path scripts = copyScripts(work);
        Path keyFile = writeKeys(work.resolve("lookup-keys.txt"), 100_000);
        Path data = work.resolve("http-data");
        deleteTree(data);
        String trust = "-Doutpost.trust.public-keys=" + keys.resolve("bench.pub.pem");

        long importStart = System.nanoTime();
        List<String> importCommand = new ArrayList<>(storeOptions());
        importCommand.addAll(
                List.of(trust, "-jar", jar().toString(), "import", bundle.toString(), "--data-dir", data.toString()));
        java(importCommand, work.resolve("import.log"));
        report.put("cliImportSeconds", (System.nanoTime() - importStart) / 1e9);
        report.put(
                "bytesPerRecordOnDisk (files and URLs)",
                (double) treeSize(data.resolve("generations"))
                        / (settings.records() + BenchMain.urlRecords(settings.records())));

        int port = freePort();
        long startNanos = System.nanoTime();
        List<String> serverCommand = new ArrayList<>(List.of(javaBinary()));
        serverCommand.addAll(settings.serverJvmOptions());
        if (Boolean.getBoolean("bench.nmt")) {
            // Native Memory Tracking (issue 17): where the JVM's part of the resident set goes. It
            // costs a few MiB and some speed, so it is off unless asked for.
            serverCommand.add("-XX:NativeMemoryTracking=summary");
        }
        serverCommand.addAll(storeOptions());
        serverCommand.addAll(List.of(
                trust,
                "-Doutpost.bench.enabled=true",
                "-Doutpost.inbox.enabled=true",
                "-Doutpost.inbox.scan-interval=1s",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Doutpost.data-dir=" + data,
                "-Dquarkus.log.level=WARN",
                "-jar",
                jar().toString()));
        report.put("serverJvmOptions", String.join(" ", settings.serverJvmOptions()));
        report.put("storeOptions", String.join(" ", storeOptions()));
        ProcessBuilder serverProcess = new ProcessBuilder(serverCommand);
        // As deploy/systemd/outpost.service runs it.
        serverProcess.environment().put("MALLOC_ARENA_MAX", "2");
        Process server = serverProcess
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("server.log").toFile())
                .start();
        serverPid = server.pid();
        try {
            awaitReady(port, server);
            report.put("startToReadySeconds", (System.nanoTime() - startNanos) / 1e9);
            report.put("rssAtRestMiB", rssMiB(server.pid()));
            String base = "http://127.0.0.1:" + port;
            // Warm-up: let the JIT compile both paths before anything is measured.
            measured(
                    scripts.resolve("lookup.lua"),
                    base,
                    "/api/v1/bench/constant/",
                    keyFile,
                    8,
                    Math.max(1, settings.seconds()),
                    "warmup",
                    1);
            measured(
                    scripts.resolve("lookup.lua"),
                    base,
                    "/api/v1/files/",
                    keyFile,
                    8,
                    Math.max(1, settings.seconds()),
                    "warmup",
                    1);
            for (int round = 0; round < settings.rounds(); round++) {
                for (int connections : settings.runs("single") ? settings.connections() : List.<Integer>of()) {
                    runs.add(measured(
                            scripts.resolve("lookup.lua"),
                            base,
                            "/api/v1/bench/constant/",
                            keyFile,
                            connections,
                            settings.seconds(),
                            "baseline",
                            1));
                    runs.add(measured(
                            scripts.resolve("lookup.lua"),
                            base,
                            "/api/v1/files/",
                            keyFile,
                            connections,
                            settings.seconds(),
                            "lookup",
                            1));
                }
                for (int size : settings.bulkSizes()) {
                    Path bodies = writeBulkBodies(work.resolve("bulk-" + size + ".txt"), size);
                    if (settings.runs("bulk")) {
                        // The same bodies, each item answered with a constant through the same path.
                        runs.add(measured(
                                scripts.resolve("bulk.lua"),
                                base,
                                "/api/v1/bench/constant/lookup",
                                bodies,
                                8,
                                settings.seconds(),
                                "bulk-baseline-" + size,
                                size));
                        runs.add(measured(
                                scripts.resolve("bulk.lua"),
                                base,
                                "/api/v1/files/lookup",
                                bodies,
                                8,
                                settings.seconds(),
                                "bulk-" + size,
                                size));
                    }
                    if (!settings.runs("bulk-urls")) {
                        continue;
                    }
                    Path urlBodies = writeUrlBulkBodies(work.resolve("bulk-urls-" + size + ".txt"), size);
                    runs.add(measured(
                            scripts.resolve("bulk.lua"),
                            base,
                            "/api/v1/urls/lookup",
                            urlBodies,
                            8,
                            settings.seconds(),
                            "bulk-urls-" + size,
                            size));
                }
            }
            report.put("rssAfterLoadMiB", rssMiB(server.pid()));
            if (Boolean.getBoolean("bench.nmt")) {
                nativeMemory(server.pid(), work.resolve("nmt-after-load.txt"));
            }
            if (settings.importRecords() > 0 && settings.runs("import")) {
                lookupsDuringImport(base, scripts, keyFile, nextBundle, data);
            }
            if (settings.runs("slow-clients")) {
                lookupsUnderSlowClients(base, port, scripts, keyFile);
            }
            // Overload, last because queued requests outlive wrk: the largest bulk at the most connections.
            // Memory must stay bounded (no OutOfMemoryError, no errors); requests beyond the worker pool
            // wait their turn.
            int largest = settings.bulkSizes().stream().max(Integer::compare).orElseThrow();
            int most = settings.connections().stream().max(Integer::compare).orElseThrow();
            if (settings.runs("overload")) {
                runs.add(measured(
                        scripts.resolve("bulk.lua"),
                        base,
                        "/api/v1/files/lookup",
                        work.resolve("bulk-" + largest + ".txt"),
                        most,
                        settings.seconds(),
                        "overload-bulk-" + largest,
                        largest));
            }
            report.put("rssAfterOverloadMiB", rssMiB(server.pid()));
            report.put("rssPeakMiB", rssMiB(server.pid(), "VmHWM:"));
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        writeReport(work);
        return runs;
    }

    /**
     * Scenario 5: single lookups at 32 connections, first idle, then while the next bundle goes
     * through the inbox, is verified, built and activated. The import must finish inside the window.
     */
    private void lookupsDuringImport(String base, Path scripts, Path keyFile, Path nextBundle, Path data)
            throws Exception {
        int window = settings.importWindowSeconds();
        runs.add(measured(
                scripts.resolve("lookup.lua"),
                base,
                "/api/v1/files/",
                keyFile,
                IMPORT_SCENARIO_CONNECTIONS,
                window,
                "idle",
                1));
        Thread dropper = new Thread(() -> {
            try {
                Thread.sleep(500);
                Path inbox = Files.createDirectories(data.resolve("inbox"));
                // Hidden while copying: the scanner skips dot files, as with any operator's partial copy.
                Path partial = inbox.resolve(".incoming.tmp");
                Files.copy(nextBundle, partial);
                Files.move(partial, inbox.resolve("next.bundle"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long started = System.nanoTime();
        dropper.start();
        Run during = measured(
                scripts.resolve("lookup.lua"),
                base,
                "/api/v1/files/",
                keyFile,
                IMPORT_SCENARIO_CONNECTIONS,
                window,
                "during-import",
                1);
        dropper.join();
        runs.add(during);
        JsonNode dataset = JSON.readTree(HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/api/v1/dataset"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        long sequence = dataset.path("active").path("sequence").asLong();
        report.put("duringImportActivatedSequence", sequence);
        report.put(
                "duringImportDurationMillis",
                dataset.path("imports")
                        .path("recent")
                        .path(0)
                        .path("durationMillis")
                        .asLong());
        report.put("duringImportWindowSeconds", (System.nanoTime() - started) / 1e9);
        if (sequence != 2) {
            throw new IllegalStateException(
                    "the import did not activate within the " + window + " s window: " + dataset);
        }
        // The same load on the new, larger dataset once the import is over: most of the window above
        // ran against it, with a block cache that had yet to warm up.
        runs.add(measured(
                scripts.resolve("lookup.lua"),
                base,
                "/api/v1/files/",
                keyFile,
                IMPORT_SCENARIO_CONNECTIONS,
                window,
                "after-import",
                1));
    }

    /**
     * Issue 11 item 1: single lookups at 32 connections, first idle, then while another client
     * (127.0.0.2) holds {@value #SLOW_CLIENTS} connections that sent a POST header and the first
     * bytes of a body and stalled. The slow connections are refused beyond the per-client bound or
     * cut at the body timeout; the lookups must keep answering.
     */
    private void lookupsUnderSlowClients(String base, int port, Path scripts, Path keyFile) throws Exception {
        runs.add(measured(
                scripts.resolve("lookup.lua"),
                base,
                "/api/v1/files/",
                keyFile,
                IMPORT_SCENARIO_CONNECTIONS,
                settings.seconds(),
                "slow-idle",
                1));
        List<java.net.Socket> slow = new ArrayList<>();
        try {
            java.net.InetAddress attacker = java.net.InetAddress.getByName("127.0.0.2");
            byte[] stalled = ("POST /api/v1/files/lookup HTTP/1.1\r\nHost: outpost\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"hashes\": [\"")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                java.net.Socket socket = new java.net.Socket();
                socket.bind(new java.net.InetSocketAddress(attacker, 0));
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
                socket.getOutputStream().write(stalled);
                slow.add(socket);
            }
            runs.add(measured(
                    scripts.resolve("lookup.lua"),
                    base,
                    "/api/v1/files/",
                    keyFile,
                    IMPORT_SCENARIO_CONNECTIONS,
                    settings.seconds(),
                    "slow-clients",
                    1));
        } finally {
            for (java.net.Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** The first run of a scenario, or null if it did not run. */
    private Run firstRun(String scenario) {
        return runs.stream()
                .filter(r -> r.scenario().equals(scenario))
                .findFirst()
                .orElse(null);
    }

    static Run wrk(
            Path script,
            String base,
            String prefix,
            Path input,
            int connections,
            int seconds,
            String scenario,
            int batch)
            throws IOException, InterruptedException {
        return wrk(script, base, prefix, input, connections, seconds, scenario, batch, -1);
    }

    /** A wrk run against the server with process id {@code serverPid}, whose CPU time it measures. */
    private Run measured(
            Path script,
            String base,
            String prefix,
            Path input,
            int connections,
            int seconds,
            String scenario,
            int batch)
            throws IOException, InterruptedException {
        return wrk(script, base, prefix, input, connections, seconds, scenario, batch, serverPid);
    }

    static Run wrk(
            Path script,
            String base,
            String prefix,
            Path input,
            int connections,
            int seconds,
            String scenario,
            int batch,
            long serverPid)
            throws IOException, InterruptedException {
        double cpuBefore = cpuSeconds(serverPid);
        String url = scenario.contains("bulk") ? base + prefix : base;
        List<String> command = List.of(
                "wrk",
                "-t2",
                "-c" + connections,
                "-d" + seconds + "s",
                "--timeout",
                "10s",
                "-s",
                script.toString(),
                url,
                "--",
                prefix,
                input.toString());
        JsonNode n = runWrk(command);
        double cpuAfter = cpuSeconds(serverPid);
        Run run = new Run(
                scenario,
                connections,
                n.get("requests").asLong(),
                n.get("errors").asLong(),
                n.get("non2xx").asLong(),
                n.get("seconds").asDouble(),
                n.get("p50").asLong(),
                n.get("p99").asLong(),
                n.get("p999").asLong(),
                n.get("max").asLong(),
                batch,
                cpuAfter - cpuBefore);
        System.out.printf(
                Locale.ROOT,
                "RESULT http %s c=%d req/s=%.0f items/s=%.0f server-cpu/item=%.2fus p50=%dus p99=%dus p99.9=%dus"
                        + " errors=%d non2xx=%d%n",
                scenario,
                connections,
                run.requestsPerSecond(),
                run.itemsPerSecond(),
                run.serverCpuMicrosPerItem(),
                run.p50Micros(),
                run.p99Micros(),
                run.p999Micros(),
                run.errors(),
                run.non2xx());
        return run;
    }

    /** Runs wrk with one of the suite's scripts and returns the JSON line the script's {@code done} prints. */
    static JsonNode runWrk(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        return JSON.readTree(output.lines()
                .filter(l -> l.startsWith("JSON "))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no result: " + output))
                .substring(5));
    }

    /** User plus system CPU seconds of process {@code pid} so far (/proc/PID/stat); NaN when unknown. */
    static double cpuSeconds(long pid) {
        if (pid <= 0) {
            return Double.NaN;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks / (double) CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** {@code getconf CLK_TCK} on Linux: /proc counts CPU time in these. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;

    private void writeReport(Path work) throws IOException {
        StringBuilder md = new StringBuilder("# HTTP benchmark\n\n");
        md.append("machine: ").append(machine()).append("\n\n");
        md.append(String.format(
                Locale.ROOT,
                "records: %d, seconds per run: %d, rounds: %d, cores: %d, JVM: %s%n%n",
                settings.records(),
                settings.seconds(),
                settings.rounds(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
        report.forEach((k, v) ->
                md.append("- ").append(k).append(": ").append(format(v)).append('\n'));
        md.append(
                "\n| scenario | connections | runs | req/s min / median / max | items/s median | server CPU µs per item, median | p50 µs | p99 µs | p99.9 µs | errors | non-2xx |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        Map<String, List<Run>> groups = runs.stream()
                .collect(Collectors.groupingBy(
                        r -> r.scenario() + "@" + r.connections(), LinkedHashMap::new, Collectors.toList()));
        Map<String, Double> medians = new LinkedHashMap<>();
        groups.forEach((key, group) -> {
            List<Double> rps =
                    group.stream().map(Run::requestsPerSecond).sorted().toList();
            Run median = group.stream()
                    .sorted((a, b) -> Double.compare(a.requestsPerSecond(), b.requestsPerSecond()))
                    .toList()
                    .get(group.size() / 2);
            medians.put(key, rps.get(rps.size() / 2));
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %.0f / %.0f / %.0f | %.0f | %.2f | %d | %d | %d | %d | %d |%n",
                    median.scenario(),
                    median.connections(),
                    group.size(),
                    rps.get(0),
                    rps.get(rps.size() / 2),
                    rps.get(rps.size() - 1),
                    median.itemsPerSecond(),
                    medianCpu(group),
                    median.p50Micros(),
                    median.p99Micros(),
                    median.p999Micros(),
                    group.stream().mapToLong(Run::errors).sum(),
                    group.stream().mapToLong(Run::non2xx).sum()));
        });
        md.append("\nRatios (median req/s, same run):\n\n");
        Run idle = firstRun("idle");
        Run during = firstRun("during-import");
        if (idle != null && during != null) {
            md.append(String.format(
                    Locale.ROOT,
                    "- p99 during import / idle at %d connections: %.2f (goal ≤ 2.00); errors during import: %d%n",
                    IMPORT_SCENARIO_CONNECTIONS,
                    (double) during.p99Micros() / idle.p99Micros(),
                    during.errors() + during.non2xx()));
        }
        Run slowIdle = firstRun("slow-idle");
        Run slowClients = firstRun("slow-clients");
        if (slowIdle != null && slowClients != null) {
            md.append(String.format(
                    Locale.ROOT,
                    "- p99 while another client holds %d stalled uploads / idle at %d connections: %.2f;"
                            + " errors meanwhile: %d%n",
                    SLOW_CLIENTS,
                    IMPORT_SCENARIO_CONNECTIONS,
                    (double) slowClients.p99Micros() / slowIdle.p99Micros(),
                    slowClients.errors() + slowClients.non2xx()));
        }
        Run after = firstRun("after-import");
        if (after != null && during != null) {
            md.append(String.format(
                    Locale.ROOT,
                    "- p99 during import / after it, on the new dataset: %.2f%n",
                    (double) during.p99Micros() / after.p99Micros()));
        }
        for (int connections : settings.connections()) {
            Double lookup = medians.get("lookup@" + connections);
            Double baseline = medians.get("baseline@" + connections);
            if (lookup != null && baseline != null) {
                md.append(String.format(
                        Locale.ROOT,
                        "- lookup / constant baseline at %d connections: %.2f (goal ≥ 0.95, issue 17)%n",
                        connections,
                        lookup / baseline));
            }
        }
        for (int size : settings.bulkSizes()) {
            List<Double> ratios = ratiosByRound("bulk-" + size, "bulk-baseline-" + size);
            if (!ratios.isEmpty()) {
                Double bulk = medians.get("bulk-" + size + "@8");
                Double constant = medians.get("bulk-baseline-" + size + "@8");
                md.append(String.format(
                        Locale.ROOT,
                        "- bulk of %d: %.0f hashes/s against %.0f for the constant baseline (medians);"
                                + " lookup / baseline by round min / median / max %.2f / %.2f / %.2f;"
                                + " server CPU per hash %.2f µs against %.2f µs%n",
                        size,
                        bulk * size,
                        constant * size,
                        ratios.get(0),
                        ratios.get(ratios.size() / 2),
                        ratios.get(ratios.size() - 1),
                        medianCpu("bulk-" + size),
                        medianCpu("bulk-baseline-" + size)));
            }
            Double files = medians.get("bulk-" + size + "@8");
            Double urls = medians.get("bulk-urls-" + size + "@8");
            if (files != null && urls != null) {
                md.append(String.format(
                        Locale.ROOT,
                        "- bulk of %d: URLs/s %.0f, / file hashes/s: %.2f (a URL is up to 30 expressions"
                                + " and 5 domains)%n",
                        size,
                        urls * size,
                        urls / files));
            }
        }
        Files.writeString(work.resolve("http-report.md"), md);
        Map<String, Object> json = new LinkedHashMap<>(report);
        json.put(
                "settings",
                Map.of("records", settings.records(), "seconds", settings.seconds(), "rounds", settings.rounds()));
        json.put("runs", runs);
        Files.writeString(work.resolve("http-report.json"), JSON.writeValueAsString(json));
        System.out.println(md);
    }

    /** {@code jcmd PID VM.native_memory summary} into {@code file}, beside the process's memory map. */
    static void nativeMemory(long pid, Path file) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(pid),
                        "VM.native_memory",
                        "summary")
                .redirectErrorStream(true)
                .start();
        String summary = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        Files.writeString(file, summary + "\n/proc/" + pid + "/status:\n" + status);
    }

    /** The median server CPU µs per item of a scenario's runs. */
    private double medianCpu(String scenario) {
        return medianCpu(
                runs.stream().filter(r -> r.scenario().equals(scenario)).toList());
    }

    /** The median (the upper one of an even count, as the rates' medians) server CPU µs per item; NaN if none. */
    private static double medianCpu(List<Run> group) {
        double[] cpu =
                group.stream().mapToDouble(Run::serverCpuMicrosPerItem).sorted().toArray();
        return cpu.length == 0 ? Double.NaN : cpu[cpu.length / 2];
    }

    /** {@code scenario} / {@code baseline} requests per second, round by round (runs in order), sorted. */
    private List<Double> ratiosByRound(String scenario, String baseline) {
        List<Run> lookups =
                runs.stream().filter(r -> r.scenario().equals(scenario)).toList();
        List<Run> baselines =
                runs.stream().filter(r -> r.scenario().equals(baseline)).toList();
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(lookups.size(), baselines.size()); i++) {
            ratios.add(lookups.get(i).requestsPerSecond() / baselines.get(i).requestsPerSecond());
        }
        ratios.sort(Double::compare);
        return ratios;
    }

    private static String format(Object value) {
        return value instanceof Double d ? String.format(Locale.ROOT, "%.2f", d) : String.valueOf(value);
    }

    private Path writeKeys(Path file, int count) throws IOException {
        return writeKeys(file, count, settings.records());
    }

    /** Half hits (records a dataset of {@code records} holds), half misses (keys past its end), shuffled. */
    static Path writeKeys(Path file, int count, int records) throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder out = new StringBuilder(count * 65);
        for (int i = 0; i < count; i++) {
            long index = random.nextInt(records) + (i % 2 == 0 ? 0L : records);
            out.append(HexFormat.of().formatHex(BenchMain.key(index))).append('\n');
        }
        Files.writeString(file, out);
        return file;
    }

    private Path writeBulkBodies(Path file, int size) throws IOException {
        SplittableRandom random = new SplittableRandom(size);
        int bodies = Math.max(4, Math.min(64, 200_000 / size));
        StringBuilder out = new StringBuilder();
        for (int b = 0; b < bodies; b++) {
            out.append("{\"hashes\":[");
            for (int i = 0; i < size; i++) {
                long index = random.nextInt(settings.records()) + (i % 2 == 0 ? 0L : settings.records());
                out.append(i == 0 ? "\"" : ",\"")
                        .append(HexFormat.of().formatHex(BenchMain.key(index)))
                        .append('"');
            }
            out.append("]}\n");
        }
        Files.writeString(file, out);
        return file;
    }

    /** Bulk URL bodies: half the URLs fall under a listed prefix, half on hosts that are not listed. */
    private Path writeUrlBulkBodies(Path file, int size) throws IOException {
        SplittableRandom random = new SplittableRandom(size + 1L);
        int listed = BenchMain.urlRecords(settings.records());
        int bodies = Math.max(4, Math.min(64, 200_000 / size));
        StringBuilder out = new StringBuilder();
        for (int b = 0; b < bodies; b++) {
            out.append("{\"urls\":[");
            for (int i = 0; i < size; i++) {
                String url = BenchMain.lookupUrl(random, random.nextInt(listed), i % 2 == 0);
                out.append(i == 0 ? "\"" : ",\"").append(url).append('"');
            }
            out.append("]}\n");
        }
        Files.writeString(file, out);
        return file;
    }

    static Path copyScripts(Path work) throws IOException {
        Path scripts = Files.createDirectories(work.resolve("scripts"));
        for (String name : List.of("lookup.lua", "bulk.lua", "soak.lua")) {
            try (InputStream in = HttpBenchSuite.class.getResourceAsStream("/bench/" + name)) {
                Files.write(scripts.resolve(name), in.readAllBytes());
            }
        }
        return scripts;
    }

    private Path jar() {
        return settings.app().resolve("quarkus-run.jar");
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Generates a signed bundle of SHA-256 file records in a JVM of its own (the in-memory build
     * needs a large heap), with the web records {@code web} names ({@code files-only}, {@code
     * with-urls}: one URL record per ten files, {@code with-web}: IP ranges too).
     */
    static void generate(int records, Path bundle, Path keys, long sequence, String web, Path log) throws Exception {
        java(
                List.of(
                        "-Xmx6g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BenchMain.class.getName(),
                        "generate",
                        String.valueOf(records),
                        bundle.toString(),
                        keys.toString(),
                        String.valueOf(sequence),
                        "SHA256",
                        web),
                log);
    }

    /**
     * {@code -Dbench.store-options="-Doutpost.store.cache-metadata=true ..."}: store settings given to
     * the CLI import and the server alike, since a generation's table layout is fixed when the import
     * writes it (ADR 0005). None by default: the embedded defaults.
     */
    static List<String> storeOptions() {
        String options = System.getProperty("bench.store-options", "").strip();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    static void java(List<String> args, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(args);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(2, TimeUnit.HOURS) || process.exitValue() != 0) {
            throw new IllegalStateException(
                    String.join(" ", args.subList(0, Math.min(4, args.size()))) + " failed: " + Files.readString(log));
        }
    }

    static void awaitReady(int port, Process server) throws Exception {
        HttpClient client = HttpClient.newBuilder().build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("server exited before it was ready");
            }
            try {
                HttpResponse<Void> ready = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("server not ready within 5 minutes");
    }

    /** The machine a report was measured on: cores, memory, CPU model, JVM. */
    static String machine() {
        String memory = "?";
        String cpu = "?";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memory = String.format(
                            Locale.ROOT, "%.1f GiB", Long.parseLong(line.replaceAll("\\D", "")) / 1048576.0);
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException e) {
            // Not Linux: the report says so with question marks.
        }
        return String.format(
                Locale.ROOT,
                "%d cores (%s), %s memory, %s %s",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                memory,
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
    }

    /** Resident set size of a process, from /proc (Linux). */
    static double rssMiB(long pid) {
        return rssMiB(pid, "VmRSS:");
    }

    /** A memory figure of {@code /proc/<pid>/status}: {@code VmRSS:} now, {@code VmHWM:} the peak. */
    static double rssMiB(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return -1;
    }

    static long treeSize(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path :
                        paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
