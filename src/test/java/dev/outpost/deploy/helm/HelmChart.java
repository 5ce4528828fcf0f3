package dev.outpost.deploy.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The chart {@code helm/outpost} driven through helm-java (Helm 3.21 in process, no binary): render,
 * lint and dry-run install it with a value set plus an overlay, as {@code helm -f} would.
 */
final class HelmChart {
    static final Path DIR = Path.of("helm", "outpost");
    /** The Kubernetes release whose API the vendored schemas describe (src/test/resources/kubernetes). */
    static final String KUBE_VERSION = "1.36.0";

    static final String RELEASE = "edge";
    static final String NAMESPACE = "security";

    static final YAMLMapper YAML = new YAMLMapper();
    private static final Path SCRATCH = Path.of("target", "helm-chart-test");

    private HelmChart() {}

    /** {@code helm template edge helm/outpost -n security -f <values>}; Helm's error as an exception. */
    static Manifests render(ValueSet set, Map<String, Object> overlay) {
        Path values = write(merge(set.valueMap(), overlay));
        String out = new Helm(DIR)
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .withValuesFile(values)
                .call();
        return Manifests.parse(out);
    }

    static Manifests render(ValueSet set) {
        return render(set, Map.of());
    }

    static Manifests render(Map<String, Object> overlay) {
        return render(ValueSet.DEFAULTS, overlay);
    }

    /** {@code helm template ... --set-file key=file}, as README.md's install command does. */
    static Manifests renderWithFile(String key, Path file) {
        return Manifests.parse(new Helm(DIR)
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .setFile(key, file)
                .call());
    }

    /**
     * {@code helm lint --strict} of the chart with {@code values} over its defaults. helm-java's lint takes no
     * values file, so the chart is copied and the merged values become the copy's values.yaml.
     */
    static LintResult lint(ValueSet set, Map<String, Object> overlay) {
        return lint(set, overlay, Map.of());
    }

    /** As {@link #lint(ValueSet, Map)}, with more templates put in the copy (to prove lint can fail). */
    static LintResult lint(ValueSet set, Map<String, Object> overlay, Map<String, String> extraTemplates) {
        Path copy = scratch().resolve("outpost");
        copyTree(DIR, copy);
        extraTemplates.forEach((name, content) -> {
            try {
                Files.writeString(copy.resolve("templates").resolve(name), content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Map<String, Object> defaults = read(DIR.resolve("values.yaml"));
        writeTo(copy.resolve("values.yaml"), merge(merge(defaults, set.valueMap()), overlay));
        return new Helm(copy).lint().strict().call();
    }

    /** What {@code helm install --dry-run=client} prints: the rendered NOTES.txt among it. */
    static String installOutput(ValueSet set, Map<String, Object> overlay) {
        Path values = write(merge(set.valueMap(), overlay));
        return new Helm(DIR)
                .install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .withDryRunOption(DryRun.CLIENT)
                .clientOnly()
                .withValuesFile(values)
                .call()
                .getOutput();
    }

    /** {@code base} with {@code overlay} laid over it, maps merged key by key, as Helm merges values files. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        overlay.forEach((key, value) -> {
            if (value instanceof Map<?, ?> over && merged.get(key) instanceof Map<?, ?> under) {
                merged.put(key, merge((Map<String, Object>) under, (Map<String, Object>) over));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    static Map<String, Object> read(Path yaml) {
        Map<String, Object> values = YAML.readValue(yaml.toFile(), new TypeReference<Map<String, Object>>() {});
        return values == null ? Map.of() : values;
    }

    private static Path write(Map<String, Object> values) {
        Path file = scratch().resolve("values.yaml");
        writeTo(file, values);
        return file;
    }

    private static void writeTo(Path file, Map<String, Object> values) {
        YAML.writeValue(file.toFile(), values);
    }

    private static Path scratch() {
        try {
            return Files.createDirectories(SCRATCH.resolve(UUID.randomUUID().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value sets the chart is tested with: its defaults and the files in helm/outpost/ci/. */
    enum ValueSet {
        DEFAULTS(null),
        POSTGRESQL_THREE_REPLICAS("postgresql-values.yaml"),
        TLS("tls-values.yaml"),
        INGRESS_AND_SERVICE_MONITOR("ingress-servicemonitor-values.yaml"),
        AUTOSCALING("autoscaling-values.yaml");

        private final String file;

        ValueSet(String file) {
            this.file = file;
        }

        Map<String, Object> valueMap() {
            return file == null ? Map.of() : read(DIR.resolve("ci").resolve(file));
        }
    }
}
