package dev.outpost.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.outpost.bench.HttpBenchSuite;
import dev.outpost.deploy.kit.Kit;
import dev.outpost.deploy.kit.KitServer;

/**
 * The air-gap install kit (deploy/kit/README.md) as a site gets it: {@code
 * target/outpost-<version>-kit.tar.gz} unpacked, checked against its SHA256SUMS, run on its own Java
 * runtime with no {@code java} on the PATH (a signed bundle built with the kit's CLI, imported
 * through the inbox, answered over HTTP and TLS), both database builds over the one shared lib/,
 * the install, upgrade and uninstall scripts into a scratch root, and the systemd unit's rating.
 */
class KitIT {
    private static final Path APP = Path.of(System.getProperty("outpost.packaged.dir", "target/quarkus-app"));
    private static final Path REPO = Path.of(System.getProperty("outpost.repo.dir", "."));
    private static final String RECORD_SHA256 = "c0ffee".repeat(10) + "c0ff";
    private static final String EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f";
    /** The rating deploy/systemd/outpost.service reached; a change that raises it fails here. */
    private static final double MAX_EXPOSURE = 1.0;

    private static final Pattern SUM_LINE = Pattern.compile("([0-9a-f]{64}) [ *](.+)");
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+)");

    @TempDir
    static Path unpacked;

    private static Kit kit;

    @TempDir
    Path dir;

    @BeforeAll
    static void unpackTheKit() throws Exception {
        // -Dexec.skip leaves the kit out of the build (Maven passes it on to this JVM).
        Assumptions.assumeFalse(Boolean.getBoolean("exec.skip"), "the kit is not built (-Dexec.skip)");
        kit = Kit.unpack(Kit.archive(APP), unpacked);
    }

    @Test
    void sha256SumsListEveryFileAndEveryFileMatches() throws Exception {
        Map<String, String> listed = new TreeMap<>();
        for (String line : Files.readAllLines(kit.home().resolve("SHA256SUMS"))) {
            Matcher matcher = SUM_LINE.matcher(line);
            assertThat(matcher.matches()).as("SHA256SUMS line %s", line).isTrue();
            assertThat(listed.put(matcher.group(2), matcher.group(1)))
                    .as("listed twice: %s", matcher.group(2))
                    .isNull();
        }
        Map<String, String> actual = new TreeMap<>();
        Set<String> links = new TreeSet<>();
        try (Stream<Path> paths = Files.walk(kit.home())) {
            for (Path path : paths.toList()) {
                String relative = kit.home().relativize(path).toString();
                if (Files.isSymbolicLink(path)) {
                    links.add(relative + " -> " + Files.readSymbolicLink(path));
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && !relative.equals("SHA256SUMS")) {
                    actual.put(relative, sha256(path));
                }
            }
        }
        assertThat(listed.keySet()).as("files listed in SHA256SUMS").isEqualTo(actual.keySet());
        assertThat(listed).isEqualTo(actual);
        // The only symbolic links are the runtime's legal notices pointing at java.base's (Debian's
        // JDK makes them), and they stay inside the kit.
        for (String link : links) {
            assertThat(link).startsWith("runtime/legal/");
            Path path = kit.home().resolve(link.substring(0, link.indexOf(" -> ")));
            Path target = Files.readSymbolicLink(path);
            assertThat(target.isAbsolute()).as(link).isFalse();
            assertThat(path.getParent().resolve(target).normalize())
                    .as(link)
                    .startsWith(kit.home())
                    .exists();
        }
        // And the tool a site uses agrees.
        Result check = run(List.of("sha256sum", "--strict", "--quiet", "-c", "SHA256SUMS"), kit.home(), Map.of());
        assertThat(check.exitCode).as(check.output).isZero();
    }

    /**
     * One lib/ for both builds: app/postgresql/lib holds hard links to app/h2/lib's files (stored once
     * in the archive and on disk), not a symbolic link, which the AOT cache would resolve.
     */
    @Test
    void bothBuildsShareOneLibraryDirectory() throws Exception {
        Path h2 = kit.home().resolve("app/h2/lib");
        Path postgresql = kit.home().resolve("app/postgresql/lib");
        assertThat(Files.isSymbolicLink(postgresql)).isFalse();
        List<Path> h2Files;
        try (Stream<Path> files = Files.walk(h2)) {
            h2Files = files.filter(Files::isRegularFile)
                    .map(h2::relativize)
                    .sorted()
                    .toList();
        }
        List<Path> postgresqlFiles;
        try (Stream<Path> files = Files.walk(postgresql)) {
            postgresqlFiles = files.filter(Files::isRegularFile)
                    .map(postgresql::relativize)
                    .sorted()
                    .toList();
        }
        assertThat(h2Files).hasSizeGreaterThan(100).isEqualTo(postgresqlFiles);
        for (Path file : h2Files) {
            assertThat(Files.isSameFile(h2.resolve(file), postgresql.resolve(file)))
                    .as("%s is one file for both builds", file)
                    .isTrue();
        }
        // Only the application itself differs between the builds.
        assertThat(sha256(kit.home().resolve("app/h2/quarkus/quarkus-application.dat")))
                .isNotEqualTo(sha256(kit.home().resolve("app/postgresql/quarkus/quarkus-application.dat")));
    }

    @Test
    void theRuntimeIsTheKitsOwnWithItsClassDataArchive() throws Exception {
        String release = Files.readString(kit.home().resolve("runtime/release"));
        Set<String> modules = Arrays.stream(
                        release.replaceAll("(?s).*MODULES=\"([^\"]*)\".*", "$1").split(" "))
                .collect(Collectors.toSet());
        for (String line : Files.readAllLines(REPO.resolve("deploy/kit/jlink-modules.txt"))) {
            String module = line.replaceAll("#.*", "").strip();
            if (!module.isEmpty() && !module.endsWith("?")) {
                assertThat(modules).contains(module);
            }
        }
        // Outpost never connects out (PRODUCT.md): the runtime has no HTTP client, no debugger agent.
        assertThat(modules).doesNotContain("java.net.http", "jdk.jdwp.agent", "jdk.httpserver", "jdk.jshell");
        // The jlink'd runtime maps the CDS archive it was linked with: a kit whose files lost their
        // times or sizes on the way fails here (-Xshare:on refuses to start without the archive).
        Result java = run(
                List.of(kit.home().resolve("runtime/bin/java").toString(), "-Xshare:on", "-version"),
                dir,
                kit.environment(Map.of()));
        assertThat(java.exitCode).as(java.output).isZero();
        assertThat(kit.hasAotCache())
                .as("an AOT cache exactly when the runtime is JDK 25+ (it is %d)", kit.runtimeFeature())
                .isEqualTo(kit.runtimeFeature() >= 25);
    }

    @Test
    void noJavaIsOnThePathTheKitRunsWith() throws Exception {
        Result which = run(List.of("/bin/bash", "-c", "command -v java"), dir, kit.environment(Map.of()));
        assertThat(which.exitCode).as(which.output).isNotZero();
        Result version = cli(Map.of(), "--version");
        assertThat(version.exitCode).as(version.output).isZero();
        assertThat(version.output).contains("outpost " + kit.version());
        Result badKind = cli(Map.of("OUTPOST_DATABASE_KIND", "oracle"), "--version");
        assertThat(badKind.exitCode).isEqualTo(1);
        assertThat(badKind.output).isEqualTo("outpost: OUTPOST_DATABASE_KIND must be h2 or postgresql, not 'oracle'\n");
    }

    /**
     * A site's first day: keys and a signed bundle made with the kit's CLI, the root key pinned in
     * the configuration, the bundle dropped into the inbox, lookups over HTTP and TLS, the operator
     * API, metrics, and the CLI beside the running server.
     */
    @Test
    void theServerFromTheKitImportsASignedBundleThroughTheInboxAndAnswers() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        assertCli(Map.of(), "keygen", "--role", "root", "--name", "site-root", "--out-dir", keys.toString());
        assertCli(Map.of(), "keygen", "--role", "release", "--name", "site-release", "--out-dir", keys.toString());
        Path root = dir.resolve("root-1.json");
        assertCli(
                Map.of(),
                "root",
                "create",
                "--version",
                "1",
                "--root-key",
                keys.resolve("site-root.pub.pem").toString(),
                "--release-key",
                keys.resolve("site-release.pub.pem").toString(),
                "--valid-for",
                "P30D",
                "--out",
                root.toString());
        Path signedRoot = dir.resolve("root-1.signed");
        assertCli(
                Map.of(),
                "root",
                "sign",
                "--document",
                root.toString(),
                "--key",
                keys.resolve("site-root.key.pem").toString(),
                "--out",
                signedRoot.toString());
        Path records = Files.writeString(
                dir.resolve("records.csv"),
                "kind,sha256,verdict,threat_name\nfile," + RECORD_SHA256 + ",MALWARE,Trojan.KitTest\n");
        Path bundle = dir.resolve("site-1.bundle");
        assertCli(
                Map.of(),
                "bundle",
                "build",
                "--records",
                records.toString(),
                "--dataset",
                "site",
                "--sequence",
                "1",
                "--key",
                keys.resolve("site-release.key.pem").toString(),
                "--root",
                signedRoot.toString(),
                "--out",
                bundle.toString());

        Result token = assertCli(Map.of(), "operator-token", "--name", "alice");
        Matcher tokenLine = Pattern.compile("(?m)^token .*: (\\S+)$").matcher(token.output);
        Matcher entryLine = Pattern.compile("(?m)^(alice:[0-9a-f]{64})$").matcher(token.output);
        assertThat(tokenLine.find() && entryLine.find()).as(token.output).isTrue();
        String operatorToken = tokenLine.group(1);
        String tokenEntry = entryLine.group(1);

        Path tls = keyStore();
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("inbox"));
        int tlsPort = KitServer.freePort();
        Map<String, String> settings = new HashMap<>();
        // The kit's own configuration file, read by the launcher; the environment overrides it.
        settings.put("OUTPOST_CONFIG", kit.home().resolve("conf/outpost.env").toString());
        settings.put("OUTPOST_DATA_DIR", data.toString());
        settings.put(
                "OUTPOST_TRUST_ROOT_KEYS", keys.resolve("site-root.pub.pem").toString());
        settings.put("OUTPOST_INBOX_SCAN_INTERVAL", "1s");
        settings.put("OUTPOST_OPERATOR_TOKENS", tokenEntry);
        settings.put("OUTPOST_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
        settings.put("QUARKUS_HTTP_SSL_PORT", Integer.toString(tlsPort));
        settings.put("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_FILE", tls.toString());
        settings.put("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_PASSWORD", "kit-test");
        if (kit.hasAotCache()) {
            settings.put("OUTPOST_AOT", "require");
        }
        try (KitServer server = KitServer.start(kit, settings, dir, dir.resolve("server.log"))) {
            // Not ready: no dataset yet. Then the bundle arrives in the inbox, whole (a rename).
            Path arriving = data.resolve("inbox/site-1.bundle.part");
            Files.copy(bundle, arriving);
            Files.move(arriving, data.resolve("inbox/site-1.bundle"), StandardCopyOption.ATOMIC_MOVE);
            String ready = server.awaitReady(Duration.ofSeconds(120));
            assertThat(ready).contains("\"sequence\": 1");
            // The launcher execs the JVM, so the process is the JVM and its command line holds the
            // production options (the suite's list for the kit's runtime, which the benchmarks run
            // with), the site's options after them.
            List<String> jvm = Arrays.asList(Files.readString(
                            Path.of("/proc", Long.toString(server.process().pid()), "cmdline"))
                    .split("\0"));
            List<String> expected = new ArrayList<>(HttpBenchSuite.Settings.productionJvmOptions(kit.runtimeVersion()));
            expected.add("-Djava.io.tmpdir=" + tmp);
            assertThat(jvm).containsSubsequence(expected);

            HttpResponse<String> lookup = server.get("/api/v1/files/" + RECORD_SHA256);
            assertThat(lookup.statusCode()).isEqualTo(200);
            assertThat(lookup.body())
                    .contains("\"zone\":\"RED\"", "\"threatName\":\"Trojan.KitTest\"")
                    .contains("\"source\":{\"type\":\"vendor\",\"dataset\":\"site\",\"sequence\":1}");
            assertThat(server.get("/api/v1/local-verdicts", "Authorization", "Bearer " + operatorToken)
                            .statusCode())
                    .isEqualTo(200);
            // JVM and process metrics need java.management and jdk.management in the runtime.
            assertThat(server.get("/q/metrics").body())
                    .contains(
                            "jvm_memory_used_bytes",
                            "jvm_gc_pause_seconds",
                            "process_cpu_usage",
                            "process_files_open_files");
            // TLS with an EC key: the runtime's crypto providers (jdk.crypto.ec up to JDK 21).
            assertThat(tlsGet(tls, tlsPort, "/api/v1/files/" + RECORD_SHA256).body())
                    .contains("Trojan.KitTest");

            // The CLI beside the server reads the same settings (no --data-dir).
            Result cliLookup = cli(settings, "lookup", RECORD_SHA256);
            assertThat(cliLookup.exitCode).as(cliLookup.output).isZero();
            assertThat(cliLookup.output).contains("\"threatName\":\"Trojan.KitTest\"");

            // RocksDB's library came from the kit's native/, not unpacked into the temporary directory.
            try (Stream<Path> files = Files.list(tmp)) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.startsWith("librocksdbjni"));
            }
            int exit = server.stop();
            assertThat(exit)
                    .as("exit code on SIGTERM (the unit's SuccessExitStatus)")
                    .isIn(0, 143);
        }
    }

    /**
     * The PostgreSQL build runs from the same lib/ as the H2 build. Needs the machine's PostgreSQL
     * (127.0.0.1:5432, user postgres); skipped without one unless OUTPOST_REQUIRE_POSTGRES=1.
     */
    @Test
    void thePostgresqlBuildRunsFromTheSharedLib() throws Exception {
        String server = "jdbc:postgresql://127.0.0.1:5432/postgres";
        String schema = "outpost_kit_" + ProcessHandle.current().pid();
        try (Connection connection = DriverManager.getConnection(server, "postgres", "")) {
            drop(connection, schema);
        } catch (SQLException e) {
            Assumptions.assumeTrue(
                    "1".equals(System.getenv("OUTPOST_REQUIRE_POSTGRES")), "no PostgreSQL: " + e.getMessage());
            throw new AssertionError("OUTPOST_REQUIRE_POSTGRES=1 but no PostgreSQL at " + server, e);
        }
        Map<String, String> settings = Map.of(
                "OUTPOST_DATABASE_KIND",
                "postgresql",
                "QUARKUS_DATASOURCE_JDBC_URL",
                server + "?currentSchema=" + schema,
                "QUARKUS_DATASOURCE_USERNAME",
                "postgres",
                "QUARKUS_FLYWAY_SCHEMAS",
                schema,
                "QUARKUS_PROFILE",
                "demo",
                "OUTPOST_DATA_DIR",
                dir.resolve("data").toString());
        try (KitServer kitServer = KitServer.start(kit, settings, dir, dir.resolve("server.log"))) {
            kitServer.awaitReady(Duration.ofSeconds(120));
            assertThat(kitServer.get("/api/v1/files/" + EICAR_MD5).body()).contains("\"zone\":\"RED\"");
            try (Connection connection = DriverManager.getConnection(server, "postgres", "");
                    Statement statement = connection.createStatement();
                    ResultSet imports = statement.executeQuery(
                            "select count(*) from " + schema + ".flyway_schema_history where success")) {
                assertThat(imports.next()).isTrue();
                assertThat(imports.getInt(1))
                        .as("migrations applied in PostgreSQL")
                        .isPositive();
            }
        } finally {
            try (Connection connection = DriverManager.getConnection(server, "postgres", "")) {
                drop(connection, schema);
            }
        }
    }

    /**
     * The server under the unit's sandbox, as far as it can be had without systemd: its system-call
     * filter, address families and namespace restriction (deploy/systemd/seccomp-run.py applies
     * them with libseccomp), no new privileges, no capabilities, user nobody, a read-only root with a
     * private /tmp and only the data directory writable (bubblewrap). It imports the demo bundle
     * (RocksDB, H2), answers, takes an operator's local verdict and stops in order. Needs root,
     * bubblewrap and Debian's python3-seccomp; skipped without them.
     */
    @Test
    void theServerRunsUnderTheUnitsSystemCallSandbox() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Path bwrap = Path.of("/usr/bin/bwrap");
        Assumptions.assumeTrue(
                Files.isExecutable(bwrap) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "bubblewrap and setpriv are needed (apt-get install bubblewrap)");
        Assumptions.assumeTrue(
                run(List.of(python.toString(), "-c", "import seccomp"), dir, Map.of()).exitCode == 0,
                "Debian's python3-seccomp is needed (apt-get install python3-seccomp)");
        Path probe = Files.createTempFile(dir, "uid", ".txt");
        Assumptions.assumeTrue((Integer) Files.getAttribute(probe, "unix:uid") == 0, "runs as root (setpriv)");

        Path data = Files.createDirectories(dir.resolve("sandboxed-data"));
        Files.setAttribute(data, "unix:uid", 65534);
        Files.setAttribute(data, "unix:gid", 65534);
        String token = "sandbox-operator-token";
        String tokenSha256 = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        int port = KitServer.freePort();
        List<String> command =
                new ArrayList<>(List.of(bwrap.toString(), "--ro-bind", "/", "/", "--perms", "1777", "--tmpfs", "/tmp"));
        // In the fresh /tmp, bubblewrap would make the missing parents of a mount point rwx------.
        Path seccompRun = REPO.resolve("deploy/systemd/seccomp-run.py").toAbsolutePath();
        for (Path mount : List.of(kit.home(), kit.emptyPath(), data, seccompRun)) {
            List<Path> parents = new ArrayList<>();
            for (Path parent = mount.getParent();
                    parent.startsWith("/tmp") && parent.getNameCount() > 1;
                    parent = parent.getParent()) {
                parents.add(0, parent);
            }
            for (Path parent : parents) {
                command.addAll(List.of("--perms", "0755", "--dir", parent.toString()));
            }
        }
        command.addAll(List.of(
                "--ro-bind",
                kit.home().toString(),
                kit.home().toString(),
                "--ro-bind",
                kit.emptyPath().toString(),
                kit.emptyPath().toString(),
                "--ro-bind",
                seccompRun.toString(),
                seccompRun.toString(),
                "--bind",
                data.toString(),
                data.toString(),
                "--dev",
                "/dev",
                "--proc",
                "/proc",
                "--tmpfs",
                "/home",
                "--tmpfs",
                "/root",
                "--chdir",
                data.toString(),
                "--",
                "/usr/bin/setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "--inh-caps=-all",
                "--bounding-set=-all",
                "--no-new-privs",
                "--",
                python.toString(),
                seccompRun.toString(),
                kit.home().resolve("systemd/outpost.service").toString(),
                "--",
                "/usr/bin/env",
                "-i"));
        Map<String, String> environment = new TreeMap<>(kit.environment(Map.of(
                "HOME",
                data.toString(),
                "QUARKUS_PROFILE",
                "demo",
                "OUTPOST_DATA_DIR",
                data.toString(),
                "OUTPOST_OPERATOR_TOKENS",
                "sandbox:" + tokenSha256,
                "QUARKUS_HTTP_HOST",
                "127.0.0.1",
                "QUARKUS_HTTP_PORT",
                Integer.toString(port))));
        environment.forEach((name, value) -> command.add(name + "=" + value));
        command.addAll(List.of(kit.home().resolve("bin/outpost").toString(), "serve"));

        try (KitServer server = KitServer.start(new ProcessBuilder(command), port, dir.resolve("sandboxed.log"))) {
            server.awaitReady(Duration.ofSeconds(180));
            assertThat(server.get("/api/v1/files/" + EICAR_MD5).body()).contains("\"zone\":\"RED\"");
            HttpResponse<String> verdict = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/local-verdicts"))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"file\",\"value\":\""
                                            + EICAR_MD5 + "\",\"verdict\":\"TRUSTED\",\"comment\":\"sandbox\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(verdict.statusCode()).as(verdict.body()).isEqualTo(201);
            assertThat(server.get("/api/v1/files/" + EICAR_MD5).body()).contains("\"zone\":\"GREEN\"");
            assertThat(server.log()).contains("seccomp-run: ").doesNotContain("Exception");
            assertThat(server.stop()).isIn(0, 143);
        }
    }

    /**
     * install.sh, upgrade.sh and uninstall.sh into a scratch root (a DESTDIR: no user, no systemd):
     * install lays out /opt, /etc and /var/lib; running it again changes nothing of the site's; an
     * upgrade keeps configuration, keys and data and keeps the release it replaces; a damaged kit is
     * refused before anything is touched; uninstall keeps configuration and data unless --purge.
     */
    @Test
    void installUpgradeAndUninstallKeepWhatASiteOwns() throws Exception {
        Path root = dir.resolve("root");
        Path opt = root.resolve("opt/outpost");
        Path env = root.resolve("etc/outpost/outpost.env");
        Path data = root.resolve("var/lib/outpost");

        Result install = script(kit.home(), "install.sh", "--root", root.toString());
        assertThat(install.exitCode).as(install.output).isZero();
        assertThat(install.output).contains("Outpost " + kit.version() + " is installed");
        assertThat(opt.resolve("VERSION")).hasContent(kit.version());
        assertThat(env).hasSameTextualContentAs(kit.home().resolve("conf/outpost.env"));
        assertThat(root.resolve("etc/systemd/system/outpost.service"))
                .hasSameTextualContentAs(kit.home().resolve("systemd/outpost.service"));
        assertThat(Files.readSymbolicLink(root.resolve("usr/local/bin/outpost")))
                .isEqualTo(Path.of("/opt/outpost/bin/outpost"));
        assertThat(mode(env)).isEqualTo("rw-r-----");
        assertThat(mode(root.resolve("etc/outpost/keys"))).isEqualTo("rwxr-x---");
        assertThat(mode(data.resolve("inbox"))).isEqualTo("rwxr-x---");
        Result installedSums = run(List.of("sha256sum", "--strict", "--quiet", "-c", "SHA256SUMS"), opt, Map.of());
        assertThat(installedSums.exitCode).as(installedSums.output).isZero();
        assertInstalledKitRuns(opt, env);

        // The site configures the appliance and it collects data.
        Files.writeString(
                env,
                "OUTPOST_TRUST_ROOT_KEYS=/etc/outpost/keys/vendor-root.pub.pem\n",
                java.nio.file.StandardOpenOption.APPEND);
        String siteConfig = Files.readString(env);
        Path key = Files.writeString(root.resolve("etc/outpost/keys/vendor-root.pub.pem"), "site key\n");
        Path generation = Files.createDirectories(data.resolve("generations/000001"));
        Files.writeString(generation.resolve("CURRENT"), "site data\n");

        Result again = script(kit.home(), "install.sh", "--root", root.toString());
        assertThat(again.exitCode).as(again.output).isZero();
        assertThat(again.output).contains("already installed");
        assertThat(env).hasContent(siteConfig);

        // A newer kit: the same files with another version, and its own SHA256SUMS.
        Kit next = newerKit(kit.version() + "-next");
        Path readme = next.home().resolve("README.md");
        String pristine = Files.readString(readme);
        Files.writeString(readme, pristine + "tampered\n");
        Result damaged = script(next.home(), "upgrade.sh", "--root", root.toString());
        assertThat(damaged.exitCode).isNotZero();
        assertThat(damaged.output).contains("damaged");
        assertThat(opt.resolve("VERSION")).hasContent(kit.version());
        Files.writeString(readme, pristine);

        Result upgrade = script(next.home(), "upgrade.sh", "--root", root.toString());
        assertThat(upgrade.exitCode).as(upgrade.output).isZero();
        assertThat(opt.resolve("VERSION")).hasContent(next.version());
        assertThat(root.resolve("opt/outpost.previous/VERSION")).hasContent(kit.version());
        assertThat(env).hasContent(siteConfig);
        assertThat(key).hasContent("site key\n");
        assertThat(generation.resolve("CURRENT")).hasContent("site data\n");
        assertInstalledKitRuns(opt, env);

        Result downgrade = script(kit.home(), "install.sh", "--root", root.toString());
        assertThat(downgrade.exitCode).isNotZero();
        assertThat(downgrade.output).contains("is installed", "upgrade.sh");

        // Uninstalled with the installed copy of the script, as a site would.
        Result uninstall = script(opt, "uninstall.sh", "--root", root.toString());
        assertThat(uninstall.exitCode).as(uninstall.output).isZero();
        assertThat(opt).doesNotExist();
        assertThat(root.resolve("opt/outpost.previous")).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/outpost.service")).doesNotExist();
        assertThat(root.resolve("usr/local/bin/outpost")).doesNotExist();
        assertThat(env).hasContent(siteConfig);
        assertThat(key).exists();
        assertThat(generation.resolve("CURRENT")).hasContent("site data\n");
        assertThat(uninstall.output).contains("uninstall.sh --purge removes them");

        Result twice = script(kit.home(), "uninstall.sh", "--root", root.toString());
        assertThat(twice.exitCode).as(twice.output).isZero();
        assertThat(twice.output).contains("nothing to remove");

        Result purge = script(kit.home(), "uninstall.sh", "--root", root.toString(), "--purge");
        assertThat(purge.exitCode).as(purge.output).isZero();
        assertThat(root.resolve("etc/outpost")).doesNotExist();
        assertThat(data).doesNotExist();
    }

    /**
     * install.sh and uninstall.sh on a live root, as root: the 'outpost' user and group are created,
     * ownership and modes set, the CLI runs as that user, and --purge removes the user again. The
     * root is the machine's own, read-only, with copies of /etc and empty /opt, /var/lib,
     * /usr/local and /run in bubblewrap, so nothing of the machine changes. Needs root and
     * bubblewrap; skipped without them.
     */
    @Test
    void installOnALiveRootCreatesTheServiceUserAndPurgeRemovesIt() throws Exception {
        Path bwrap = Path.of("/usr/bin/bwrap");
        Assumptions.assumeTrue(Files.isExecutable(bwrap), "bubblewrap is needed (apt-get install bubblewrap)");
        Path probe = Files.createTempFile(dir, "uid", ".txt");
        Assumptions.assumeTrue((Integer) Files.getAttribute(probe, "unix:uid") == 0, "runs as root");
        Path live = Files.createDirectories(dir.resolve("live"));
        Result copy = run(List.of("cp", "-a", "/etc", live.resolve("etc").toString()), dir, Map.of());
        assertThat(copy.exitCode).as(copy.output).isZero();
        for (String empty : List.of("opt", "var-lib", "usr-local")) {
            Files.createDirectories(live.resolve(empty));
        }
        String script = String.join(
                "\n",
                "set -eu",
                "bash " + kit.home().resolve("install.sh"),
                "getent passwd outpost",
                "stat -c '%U:%G %a %n' /opt/outpost /etc/outpost /etc/outpost/outpost.env /var/lib/outpost"
                        + " /var/lib/outpost/inbox",
                "runuser -u outpost -- /usr/local/bin/outpost --version",
                "echo",
                "bash /opt/outpost/uninstall.sh --purge",
                "if getent passwd outpost; then echo 'user still there'; exit 1; fi",
                "if [ -e /etc/outpost ] || [ -e /var/lib/outpost ] || [ -e /opt/outpost ]; then exit 1; fi",
                "echo purged");
        Result result = run(
                List.of(
                        bwrap.toString(),
                        "--ro-bind",
                        "/",
                        "/",
                        "--bind",
                        live.resolve("etc").toString(),
                        "/etc",
                        "--bind",
                        live.resolve("opt").toString(),
                        "/opt",
                        "--bind",
                        live.resolve("var-lib").toString(),
                        "/var/lib",
                        "--bind",
                        live.resolve("usr-local").toString(),
                        "/usr/local",
                        "--tmpfs",
                        "/run",
                        "--dev",
                        "/dev",
                        "--proc",
                        "/proc",
                        "--",
                        "/bin/bash",
                        "-c",
                        script),
                dir,
                Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C.UTF-8"));
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output)
                .contains("created system user outpost")
                .containsPattern("(?m)^outpost:x:\\d+:\\d+:Outpost appliance:/var/lib/outpost:/usr/sbin/nologin$")
                .contains("root:root 755 /opt/outpost")
                .contains("root:outpost 750 /etc/outpost")
                .contains("root:outpost 640 /etc/outpost/outpost.env")
                .contains("outpost:outpost 750 /var/lib/outpost")
                .contains("outpost:outpost 750 /var/lib/outpost/inbox")
                .contains("outpost " + kit.version())
                .contains("removed user outpost")
                .endsWith("purged\n");
    }

    /**
     * The unit the kit installs, rated offline by systemd itself. systemd-analyze is part of
     * Debian's base system, so there its absence is a failure; elsewhere the test is skipped.
     */
    @Test
    void theSystemdUnitIsRatedAtMostItsReachedExposure() throws Exception {
        Path unit = kit.home().resolve("systemd/outpost.service");
        boolean analyzer = Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))
                || Files.isExecutable(Path.of("/bin/systemd-analyze"));
        if (!analyzer) {
            assertThat(Path.of("/etc/debian_version"))
                    .as("systemd-analyze is missing on Debian (install systemd)")
                    .doesNotExist();
            Assumptions.abort("systemd-analyze is not installed");
        }
        Result rating = run(List.of("systemd-analyze", "security", "--offline=true", unit.toString()), dir, Map.of());
        Matcher matcher = EXPOSURE.matcher(rating.output);
        assertThat(matcher.find()).as(rating.output).isTrue();
        assertThat(Double.parseDouble(matcher.group(1)))
                .as("exposure of %s:%n%s", unit, rating.output)
                .isLessThanOrEqualTo(MAX_EXPOSURE);
        // The unit runs what install.sh installs, where it installs it.
        String text = Files.readString(unit);
        assertThat(text)
                .contains("ExecStart=/opt/outpost/bin/outpost serve")
                .contains("User=outpost")
                .contains("EnvironmentFile=-/etc/outpost/outpost.env")
                .contains("ReadWritePaths=/var/lib/outpost")
                .contains("ProtectSystem=strict")
                .doesNotContain("MemoryDenyWriteExecute=true");
    }

    private void assertInstalledKitRuns(Path opt, Path env) throws Exception {
        Kit installed = Kit.at(opt);
        Map<String, String> settings = new HashMap<>(Map.of("OUTPOST_CONFIG", env.toString()));
        if (installed.hasAotCache()) {
            // cp -a kept the times that the AOT cache checks.
            settings.put("OUTPOST_AOT", "require");
        }
        Result version =
                run(installed.launcher(settings, dir, List.of("--version")).redirectErrorStream(true));
        assertThat(version.exitCode).as(version.output).isZero();
        // The application's version (a relabelled copy of the kit stands in for a newer one here).
        assertThat(version.output).contains("outpost " + kit.version());
        Result java = run(
                List.of(opt.resolve("runtime/bin/java").toString(), "-Xshare:on", "-version"),
                dir,
                installed.environment(Map.of()));
        assertThat(java.exitCode).as(java.output).isZero();
    }

    private Kit newerKit(String version) throws Exception {
        Path copy = dir.resolve("next/outpost-" + version);
        Files.createDirectories(copy.getParent());
        Result cp = run(List.of("cp", "-a", kit.home().toString(), copy.toString()), dir, Map.of());
        assertThat(cp.exitCode).as(cp.output).isZero();
        Path versionFile = Files.writeString(copy.resolve("VERSION"), version + "\n");
        Path sums = copy.resolve("SHA256SUMS");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(sums)) {
            lines.add(line.endsWith("  VERSION") ? sha256(versionFile) + "  VERSION" : line);
        }
        Files.write(sums, lines);
        return Kit.at(copy);
    }

    /** A PKCS#12 key store with an EC key for 127.0.0.1, made by the kit runtime's keytool. */
    private Path keyStore() throws Exception {
        Path store = dir.resolve("tls.p12");
        Result keytool = run(
                List.of(
                        kit.home().resolve("runtime/bin/keytool").toString(),
                        "-genkeypair",
                        "-alias",
                        "outpost",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=IP:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "kit-test"),
                dir,
                kit.environment(Map.of()));
        assertThat(keytool.exitCode).as(keytool.output).isZero();
        return store;
    }

    private static HttpResponse<String> tlsGet(Path trustStore, int port, String path) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            store.load(in, "kit-test".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void drop(Connection connection, String schema) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        }
    }

    private Result assertCli(Map<String, String> settings, String... args) throws Exception {
        Result result = cli(settings, args);
        assertThat(result.exitCode).as("%s: %s", List.of(args), result.output).isZero();
        return result;
    }

    /** The kit's CLI, stdout and stderr merged. */
    private Result cli(Map<String, String> settings, String... args) throws Exception {
        return run(kit.launcher(settings, dir, List.of(args)).redirectErrorStream(true));
    }

    /** An install script run as a site runs it: bash, the system's tools on PATH, nothing else. */
    private Result script(Path kitHome, String script, String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("/bin/bash", kitHome.resolve(script).toString()));
        command.addAll(List.of(args));
        return run(command, dir, Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C.UTF-8"));
    }

    private static Result run(List<String> command, Path workingDirectory, Map<String, String> environment)
            throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
        if (!environment.isEmpty()) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        return run(builder);
    }

    private static Result run(ProcessBuilder builder) throws Exception {
        Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private record Result(int exitCode, String output) {}
}
