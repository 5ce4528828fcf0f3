package dev.outpost.deploy.kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The air-gap install kit that deploy/kit/build-kit.sh writes to {@code
 * target/outpost-<version>-kit.tar.gz}, unpacked where a site would unpack it, and its launcher run
 * as a site runs it: with a clean environment whose {@code PATH} holds no {@code java} (an empty
 * directory: the launcher needs nothing but bash built-ins).
 */
public final class Kit {
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");

    private final Path home;
    private final Path emptyPath;

    private Kit(Path home, Path emptyPath) {
        this.home = home;
        this.emptyPath = emptyPath;
    }

    /**
     * The kit archive of the version that {@code target/quarkus-app} was built as (its {@code
     * Implementation-Version}), so that an older archive left in target/ is never picked up.
     */
    public static Path archive(Path packagedApp) throws IOException {
        String version;
        try (JarFile runner = new JarFile(packagedApp.resolve("quarkus-run.jar").toFile())) {
            version = runner.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
        Path archive = packagedApp.toAbsolutePath().getParent().resolve("outpost-" + version + "-kit.tar.gz");
        if (!Files.isRegularFile(archive)) {
            throw new AssertionError(archive + " is missing: the kit is built by the exec-maven-plugin execution"
                    + " 'kit' (pre-integration-test); run ./mvnw verify, or ./mvnw package -Pkit");
        }
        return archive;
    }

    /** Unpacks the archive with the system's tar (links, modes and times as a site gets them). */
    public static Kit unpack(Path archive, Path into) throws IOException, InterruptedException {
        Files.createDirectories(into);
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(tar.getInputStream().readAllBytes());
        if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
            throw new AssertionError("tar -xzf " + archive + " failed: " + output);
        }
        String name = archive.getFileName().toString().replace("-kit.tar.gz", "");
        return at(into.resolve(name));
    }

    /** A kit already unpacked (or installed) at {@code home}. */
    public static Kit at(Path home) throws IOException {
        Path emptyPath = Files.createDirectories(home.getParent().resolve("empty-path"));
        return new Kit(home, emptyPath);
    }

    public Path home() {
        return home;
    }

    public String version() {
        return read("VERSION").strip();
    }

    /** The feature version of the kit's Java runtime (17, 25, ...). */
    public int runtimeFeature() {
        return runtimeVersion().feature();
    }

    /** The version of the kit's Java runtime (17.0.15, 25.0.3, ...), from {@code runtime/release}. */
    public Runtime.Version runtimeVersion() {
        Matcher matcher = JAVA_VERSION.matcher(read("runtime/release"));
        if (!matcher.find()) {
            throw new AssertionError("no JAVA_VERSION in " + home.resolve("runtime/release"));
        }
        return Runtime.Version.parse(matcher.group(1));
    }

    /** Whether the kit carries a JDK AOT cache for the H2 build (only kits built on JDK 25+). */
    public boolean hasAotCache() {
        return Files.isRegularFile(home.resolve("app/h2/outpost.aot"));
    }

    /** An empty directory: the {@code PATH} of every command run here, so no {@code java} is found. */
    public Path emptyPath() {
        return emptyPath;
    }

    /**
     * A clean environment for the launcher: {@code PATH} is {@link #emptyPath()}, no configuration
     * file is read unless {@code OUTPOST_CONFIG} is given, and nothing else is inherited.
     */
    public Map<String, String> environment(Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", emptyPath.toString());
        environment.put("HOME", home.getParent().toString());
        environment.put("LANG", "C.UTF-8");
        environment.put("OUTPOST_CONFIG", "none");
        environment.putAll(settings);
        return environment;
    }

    /** {@code bin/outpost ARGS} with {@link #environment}, from {@code workingDirectory}. */
    public ProcessBuilder launcher(Map<String, String> settings, Path workingDirectory, List<String> args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(home.resolve("bin/outpost").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(settings));
        return builder;
    }

    private String read(String relative) {
        try {
            return Files.readString(home.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
