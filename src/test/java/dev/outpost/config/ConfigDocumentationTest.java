package dev.outpost.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;

import dev.outpost.bundle.BundleConfig;
import dev.outpost.bundle.importing.DemoConfig;
import dev.outpost.bundle.importing.ImportsConfig;
import dev.outpost.bundle.importing.InboxConfig;
import dev.outpost.bundle.importing.QuarantineConfig;
import dev.outpost.console.ConsoleConfig;
import dev.outpost.dns.DnsConfig;
import dev.outpost.health.DatasetConfig;
import dev.outpost.http.HttpConfig;
import dev.outpost.local.LocalConfig;
import dev.outpost.lookup.BenchConfig;
import dev.outpost.security.OperatorConfig;
import dev.outpost.security.SecurityConfig;
import dev.outpost.stats.QueryLogConfig;
import dev.outpost.stats.StatsConfig;
import dev.outpost.store.StoreConfig;
import dev.outpost.trust.TrustConfig;

/**
 * application.properties documents each key of every mapping once, as a commented line that shows
 * the mapping's default, and sets no outpost.* value outside a profile: a default is written only
 * in its mapping's {@code @WithDefault} (STYLE.md point 6).
 */
class ConfigDocumentationTest {
    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final List<Class<?>> MAPPINGS = List.of(
            CoreConfig.class,
            StoreConfig.class,
            TrustConfig.class,
            InboxConfig.class,
            QuarantineConfig.class,
            BundleConfig.class,
            DemoConfig.class,
            DatasetConfig.class,
            OperatorConfig.class,
            LocalConfig.class,
            HttpConfig.class,
            ImportsConfig.class,
            BenchConfig.class,
            SecurityConfig.class,
            StatsConfig.class,
            QueryLogConfig.class,
            ConsoleConfig.class,
            DnsConfig.class);
    /** {@code # key=value}: a documented key, with its default or, for keys without one, an example. */
    private static final Pattern DOCUMENTED = Pattern.compile("^# (outpost\\.[a-z.-]+)=(.*)$");
    /** Any outpost key the file names as a setting, in or out of a profile. */
    private static final Pattern SET = Pattern.compile("^(?:%[a-z]+\\.)?(outpost\\.[a-z.-]+)=");

    private static Map<String, String> mappedKeysWithDefaults() {
        Map<String, String> keys = new TreeMap<>();
        for (Class<?> mapping : MAPPINGS) {
            ConfigClass configClass = ConfigClass.configClass(mapping);
            for (String name : ConfigMappings.getProperties(configClass).keySet()) {
                if (!name.endsWith("[*]")) { // A list's elements, besides the list itself.
                    keys.put(name, null);
                }
            }
            configClass.getProperties().forEach((name, value) -> {
                if (keys.containsKey(name)) {
                    keys.put(name, value);
                }
            });
        }
        return keys;
    }

    private static List<String> lines() throws IOException {
        return Files.readAllLines(PROPERTIES);
    }

    @Test
    void everyMappedKeyIsDocumentedOnceWithItsDefault() throws IOException {
        Map<String, String> mapped = mappedKeysWithDefaults();
        assertThat(mapped)
                .containsKeys("outpost.data-dir", "outpost.store.block-cache-bytes", "outpost.trust.root-keys");
        Map<String, List<String>> documented = new TreeMap<>();
        for (String line : lines()) {
            Matcher m = DOCUMENTED.matcher(line);
            if (m.matches()) {
                documented.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2));
            }
        }
        assertThat(documented.keySet()).as("keys documented as '# key=value'").isEqualTo(mapped.keySet());
        documented.forEach((key, values) -> {
            assertThat(values).as("documentation lines for %s", key).hasSize(1);
            if (mapped.get(key) != null) {
                assertThat(values.get(0)).as("documented default of %s", key).isEqualTo(mapped.get(key));
            }
        });
    }

    @Test
    void noOutpostKeyIsSetOutsideAProfile() throws IOException {
        assertThat(lines()).as("outpost.* defaults live in the mappings").noneMatch(l -> l.startsWith("outpost."));
    }

    @Test
    void everyOutpostKeyTheFileSetsIsMapped() throws IOException {
        TreeSet<String> set = new TreeSet<>();
        for (String line : lines()) {
            Matcher m = SET.matcher(line);
            if (m.find()) {
                set.add(m.group(1));
            }
        }
        assertThat(set).isNotEmpty();
        assertThat(mappedKeysWithDefaults().keySet()).containsAll(set);
    }
}
