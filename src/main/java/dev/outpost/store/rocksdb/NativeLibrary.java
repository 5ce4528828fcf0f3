package dev.outpost.store.rocksdb;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.rocksdb.RocksDB;

/**
 * Loads RocksDB's native library without running a shell (issue 11 item 20).
 *
 * <p>To choose between its glibc and musl builds, RocksJava 10.10 ({@code
 * org.rocksdb.util.Environment.initIsMuslLibc}) runs {@code /usr/bin/env sh -c "ldd /usr/bin/env |
 * grep -q musl"}: {@code sh}, {@code ldd} and {@code grep} are all found through {@code PATH}, so a
 * writable directory early in {@code PATH} would run someone else's program inside the appliance.
 * The only switch it offers is the environment variable {@code ROCKSDB_MUSL_LIBC}, which a JVM
 * cannot set for itself. So unless that variable is set, the answer is decided here from the file
 * system, by the same test RocksJava falls back to ({@code /lib/libc.musl-<arch>.so.1}), and stored
 * where RocksJava caches it before the library loads. The deployment files also fix {@code PATH}.
 */
final class NativeLibrary {
    private static final Logger LOG = Logger.getLogger(NativeLibrary.class);
    private static final String ENVIRONMENT_CLASS = "org.rocksdb.util.Environment";
    /** RocksJava's cached answer; {@code null} until its first (shell-running) check. */
    private static final String MUSL_CACHE_FIELD = "MUSL_LIBC";

    private static final String MUSL_ENVIRONMENT_VARIABLE = "ROCKSDB_MUSL_LIBC";

    private NativeLibrary() {}

    /** Must run before any other {@code org.rocksdb} class is initialised; idempotent. */
    static synchronized void load() {
        if (System.getenv(MUSL_ENVIRONMENT_VARIABLE) == null) {
            presetLibc(isMusl(Path.of("/lib"), System.getProperty("os.arch", "")));
        }
        RocksDB.loadLibrary();
    }

    private static void presetLibc(boolean musl) {
        try {
            Field cached = Class.forName(ENVIRONMENT_CLASS).getDeclaredField(MUSL_CACHE_FIELD);
            cached.setAccessible(true);
            if (cached.get(null) == null) {
                cached.set(null, musl);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // A RocksJava upgrade moved the cache: it will run its shell check, so PATH must be fixed.
            LOG.warnf(
                    "Cannot preset the C library for RocksDB (%s); it will look it up with 'sh' found through PATH",
                    e.getMessage());
        }
    }

    /** RocksJava's own file-system test: a musl C library is installed in {@code /lib}. */
    static boolean isMusl(Path lib, String arch) {
        String name = arch.contains("ppc")
                ? "libc.musl-ppc64le.so.1"
                : arch.contains("aarch64")
                        ? "libc.musl-aarch64.so.1"
                        : arch.contains("s390x") ? "libc.musl-s390x.so.1" : "libc.musl-x86_64.so.1";
        if (Files.isReadable(lib.resolve(name))) {
            return true;
        }
        try (Stream<Path> files = Files.list(lib)) {
            return files.anyMatch(file -> file.getFileName().toString().startsWith("libc.musl"));
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}
