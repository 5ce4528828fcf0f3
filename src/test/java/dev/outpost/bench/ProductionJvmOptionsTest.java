package dev.outpost.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The suite's production options follow deploy/kit/bin/outpost's rule for the native heap trim: on
 * 17.0.10+, 21.0.2+ and 22+, unlocked because some of those updates have it as experimental; never
 * on an older runtime, which would refuse to start with it. The temporary buffer cap goes to every
 * runtime, as the launcher passes it. KitIT holds the launcher itself to the same list.
 */
class ProductionJvmOptionsTest {
    private static final String TRIM = "-XX:TrimNativeHeapInterval=30000";
    private static final String BUFFERS = "-Djdk.nio.maxCachedBufferSize=262144";

    @Test
    void runtimesWithTheOptionGetItUnlocked() {
        for (String version : new String[] {"17.0.10", "17.0.15+6", "21.0.2", "22", "25.0.3"}) {
            assertThat(HttpBenchSuite.Settings.productionJvmOptions(Runtime.Version.parse(version)))
                    .as(version)
                    .containsExactly(
                            "-Xmx192m",
                            "-Xms24m",
                            "-XX:+UseSerialGC",
                            "-XX:+UnlockExperimentalVMOptions",
                            TRIM,
                            BUFFERS);
        }
    }

    @Test
    void olderRuntimesDoNotGetIt() {
        for (String version : new String[] {"17", "17.0.9", "21", "21.0.1"}) {
            assertThat(HttpBenchSuite.Settings.productionJvmOptions(Runtime.Version.parse(version)))
                    .as(version)
                    .containsExactly("-Xmx192m", "-Xms24m", "-XX:+UseSerialGC", BUFFERS);
        }
    }
}
