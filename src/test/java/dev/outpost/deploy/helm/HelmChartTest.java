package dev.outpost.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.marcnuri.helm.LintResult;

import dev.outpost.deploy.helm.HelmChart.ValueSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Helm chart helm/outpost (issue 13): lint, schema validity of every rendered document against
 * Kubernetes 1.36 with unknown fields refused, the values schema, and what the chart must guarantee
 * (probes, no egress, non-root, read-only root, volumes where Outpost reads them).
 */
class HelmChartTest {
    private static final String FULLNAME = HelmChart.RELEASE + "-outpost";
    private static final String DATA_DIR = "/var/lib/outpost";
    private static final String SHARED_INBOX = "/var/lib/outpost-inbox";
    private static final String KEYS_DIR = "/etc/outpost/keys";
    private static final String TLS_DIR = "/etc/outpost/tls";
    private static final String DEMO_ROOT_KEY = "-----BEGIN PUBLIC KEY-----\n"
            + "MCowBQYDK2VwAyEATeTK/Xpo7gfWXF68+upbRTy75hL2SCfV4oToOsEHXs0=\n"
            + "-----END PUBLIC KEY-----\n";

    private static KubernetesSchemas schemas;

    @BeforeAll
    static void loadSchemas() {
        schemas = KubernetesSchemas.load();
    }

    /** What a rendering that must fail said, e.g. the chart's {@code fail} message or Helm's schema error. */
    private static String failureOf(Map<String, Object> overlay) {
        return failureOf(ValueSet.DEFAULTS, overlay);
    }

    private static String failureOf(ValueSet set, Map<String, Object> overlay) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> HelmChart.render(set, overlay));
        assertThat(thrown).as("rendering must fail with %s", overlay).isNotNull();
        return thrown.getMessage();
    }

    /** Value combinations the chart refuses, with the start of its message. */
    static Stream<Arguments> refusals() {
        Map<String, Object> key = Map.of("rootKeys", List.of(DEMO_ROOT_KEY));
        return Stream.of(
                Arguments.of(
                        Map.of("trust", Map.of("rootKeys", List.of(DEMO_ROOT_KEY), "existingConfigMap", "keys")),
                        "set trust.rootKeys or trust.existingConfigMap, not both"),
                Arguments.of(
                        Map.of("trust", Map.of("existingConfigMapKeys", List.of("a.pem"))),
                        "trust.existingConfigMapKeys names keys of trust.existingConfigMap, which is not set"),
                Arguments.of(
                        Map.of("trust", Map.of("rootKeys", List.of(DEMO_ROOT_KEY), "rootThreshold", 2)),
                        "trust.rootThreshold is 2 but only 1 root key(s) are pinned"),
                Arguments.of(
                        Map.of("trust", Map.of("existingConfigMap", "vendor-keys")),
                        "trust.existingConfigMap needs trust.existingConfigMapKeys"),
                Arguments.of(
                        Map.of(
                                "operatorTokens",
                                Map.of(
                                        "existingSecret",
                                        "tokens",
                                        "entries",
                                        List.of(Map.of("name", "alice", "sha256", "ab".repeat(32))))),
                        "set operatorTokens.existingSecret or operatorTokens.entries, not both"),
                Arguments.of(Map.of("tls", Map.of("enabled", true)), "tls.enabled needs tls.existingSecret"),
                Arguments.of(
                        Map.of("autoscaling", Map.of("enabled", true, "minReplicas", 3, "maxReplicas", 1)),
                        "autoscaling.minReplicas is greater than autoscaling.maxReplicas"),
                Arguments.of(
                        Map.of("pdb", Map.of("minAvailable", 1, "maxUnavailable", 1)),
                        "set pdb.minAvailable or pdb.maxUnavailable, not both"),
                Arguments.of(
                        Map.of("extraEnv", List.of(Map.of("name", "OUTPOST_DATA_DIR", "value", "/tmp"))),
                        "extraEnv sets OUTPOST_DATA_DIR, which the chart sets from its values"),
                Arguments.of(Map.of("trust", key, "replicaCount", 2), "2 replicas need an external PostgreSQL"));
    }

    @Nested
    class Lint {
        @ParameterizedTest
        @EnumSource(ValueSet.class)
        void lintsStrictClean(ValueSet set) {
            LintResult result = HelmChart.lint(set, Map.of());

            assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
            // The one remark allowed: no icon (an air-gapped chart links to no picture on the internet).
            assertThat(result.getMessages()).allMatch(m -> m.equals("[INFO] Chart.yaml: icon is recommended"));
        }

        @Test
        void lintFailsWhenTheValuesBreakTheSchema() {
            LintResult result = HelmChart.lint(ValueSet.DEFAULTS, Map.of("replicaCout", 3));

            assertThat(result.isFailed()).isTrue();
            assertThat(String.join("\n", result.getMessages())).contains("replicaCout");
        }

        @Test
        void lintFailsOnATemplateWithAMisspeltValue() {
            // A typo in a template (values.schema.json cannot see it) renders an empty name; lint warns,
            // and --strict makes the warning a failure.
            LintResult result = HelmChart.lint(
                    ValueSet.DEFAULTS,
                    Map.of(),
                    Map.of(
                            "typo.yaml",
                            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                                    + "  name: {{ .Values.persistence.sise }}\n"));

            assertThat(result.isFailed()).as("%s", result.getMessages()).isTrue();
            assertThat(String.join("\n", result.getMessages()))
                    .contains("[WARNING] templates/typo.yaml: object name does not conform");
        }

        @Test
        void lintDoesNotRunTheChartsFailChecksSoTemplateDoes() {
            // Helm's lint turns `fail` into an INFO line (engine lint mode); helm template and install
            // do refuse, and the Workload tests below check each refusal through template.
            LintResult result = HelmChart.lint(ValueSet.DEFAULTS, Map.of("replicaCount", 2));

            assertThat(result.isFailed()).isFalse();
            assertThat(failureOf(Map.of("replicaCount", 2))).contains("2 replicas need an external PostgreSQL");
        }
    }

    @Nested
    class KubernetesApiSchema {
        @ParameterizedTest
        @EnumSource(ValueSet.class)
        void everyRenderedDocumentIsValidKubernetes(ValueSet set) {
            Manifests manifests = HelmChart.render(set);

            assertThat(manifests.documents()).isNotEmpty();
            for (ObjectNode document : manifests.documents()) {
                assertThat(schemas.validate(document))
                        .as("%s %s", document.path("kind").asString(), document.at("/metadata/name"))
                        .isEmpty();
            }
        }

        @Test
        void everyKindTheChartCanRenderIsChecked() {
            Set<String> kinds = new java.util.TreeSet<>();
            for (ValueSet set : ValueSet.values()) {
                HelmChart.render(set)
                        .documents()
                        .forEach(d -> kinds.add(d.path("kind").asString()));
            }

            assertThat(kinds)
                    .containsExactlyInAnyOrder(
                            "ConfigMap",
                            "HorizontalPodAutoscaler",
                            "Ingress",
                            "NetworkPolicy",
                            "PodDisruptionBudget",
                            "Secret",
                            "Service",
                            "ServiceAccount",
                            "ServiceMonitor",
                            "StatefulSet");
        }

        @Test
        void rejectsAnUnknownField() {
            ObjectNode statefulSet = HelmChart.render(ValueSet.DEFAULTS).one("StatefulSet");
            ((ObjectNode) statefulSet.at("/spec/template/spec/containers/0/securityContext"))
                    .put("readOnlyRootFileSystem", true);

            assertThat(schemas.validate(statefulSet)).singleElement().asString().contains("readOnlyRootFileSystem");
        }

        @Test
        void rejectsAnUnknownFieldInMetadata() {
            ObjectNode service = HelmChart.render(ValueSet.DEFAULTS).named("Service", FULLNAME);
            ((ObjectNode) service.path("metadata")).put("namspace", "security");

            assertThat(schemas.validate(service)).singleElement().asString().contains("namspace");
        }

        @Test
        void rejectsAWrongType() {
            ObjectNode statefulSet = HelmChart.render(ValueSet.DEFAULTS).one("StatefulSet");
            ((ObjectNode) statefulSet.path("spec")).put("replicas", "three");

            assertThat(schemas.validate(statefulSet)).singleElement().asString().contains("replicas");
        }

        @Test
        void rejectsAMissingRequiredField() {
            ObjectNode statefulSet = HelmChart.render(ValueSet.DEFAULTS).one("StatefulSet");
            ((ObjectNode) statefulSet.at("/spec/template/spec/containers/0")).remove("name");

            assertThat(schemas.validate(statefulSet))
                    .singleElement()
                    .asString()
                    .contains("required property 'name' not found");
        }

        @Test
        void rejectsAnUnknownFieldOfTheServiceMonitor() {
            ObjectNode serviceMonitor =
                    HelmChart.render(ValueSet.INGRESS_AND_SERVICE_MONITOR).one("ServiceMonitor");
            ((ObjectNode) serviceMonitor.at("/spec/endpoints/0")).put("pathh", "/q/metrics");

            assertThat(schemas.validate(serviceMonitor))
                    .singleElement()
                    .asString()
                    .contains("pathh");
        }

        @Test
        void refusesAKindItHasNoSchemaFor() {
            ObjectNode document = HelmChart.render(ValueSet.DEFAULTS).one("StatefulSet");
            document.put("kind", "Deploymnet");

            assertThatThrownBy(() -> schemas.validate(document))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no schema for apps/v1 Deploymnet");
        }
    }

    @Nested
    class ValuesSchema {
        @Test
        void rejectsAMisspeltKey() {
            assertThat(failureOf(Map.of("replicaCout", 3)))
                    .contains("values don't meet the specifications of the schema")
                    .contains("replicaCout");
        }

        @Test
        void rejectsAMisspeltNestedKey() {
            assertThat(failureOf(Map.of("persistence", Map.of("sise", "10Gi")))).contains("sise");
            assertThat(failureOf(Map.of("networkPolicy", Map.of("database", Map.of("too", List.of())))))
                    .contains("too");
        }

        @Test
        void rejectsAWrongType() {
            assertThat(failureOf(Map.of("replicaCount", "three"))).contains("replicaCount");
            assertThat(failureOf(Map.of("inbox", Map.of("enabled", "yes")))).contains("enabled");
            assertThat(failureOf(Map.of("trust", Map.of("rootKeys", "not a list"))))
                    .contains("rootKeys");
        }

        @Test
        void rejectsMalformedValues() {
            assertThat(failureOf(Map.of("database", Map.of("url", "postgresql://db:5432/outpost"))))
                    .contains("url");
            assertThat(failureOf(Map.of("trust", Map.of("rootKeys", List.of("not a PEM key")))))
                    .contains("rootKeys");
            assertThat(failureOf(Map.of(
                            "operatorTokens",
                            Map.of("entries", List.of(Map.of("name", "alice", "sha256", "the-token-itself"))))))
                    .contains("sha256");
            assertThat(failureOf(Map.of("dataset", Map.of("whenStale", "ignore"))))
                    .contains("whenStale");
        }

        @Test
        void offersNoWayToDeleteBundlesFromTheSharedInbox() {
            assertThat(failureOf(Map.of("inbox", Map.of("afterImport", "delete"))))
                    .contains("afterImport");
            assertThat(failureOf(Map.of(
                            "extraEnv", List.of(Map.of("name", "OUTPOST_INBOX_AFTER_IMPORT", "value", "delete")))))
                    .contains("extraEnv sets OUTPOST_INBOX_AFTER_IMPORT");
        }

        @Test
        void everyObjectOfTheSchemaRefusesUnknownKeys() throws IOException {
            JsonNode schema = HelmChart.YAML.readTree(
                    HelmChart.DIR.resolve("values.schema.json").toFile());

            assertThat(openObjects(schema)).isEmpty();
        }

        @Test
        void theOpenObjectCheckFindsAnOpenObject() throws IOException {
            JsonNode schema = HelmChart.YAML.readTree("{\"type\": \"object\", \"additionalProperties\": false,"
                    + " \"properties\": {\"image\": {\"type\": \"object\", \"properties\": {}},"
                    + " \"labels\": {\"type\": \"object\", \"additionalProperties\": {\"type\": \"string\"}}}}");

            assertThat(openObjects(schema)).containsExactly("/properties/image");
        }

        /**
         * Object schemas that accept any key: neither {@code additionalProperties: false}, nor a map (a schema
         * for its values), nor a Kubernetes object passed through and said so in {@code $comment}.
         */
        private static List<String> openObjects(JsonNode schema) {
            List<String> open = new ArrayList<>();
            collectOpenObjects(schema, "", open);
            return open;
        }

        private static void collectOpenObjects(JsonNode schema, String path, List<String> open) {
            if (!schema.isObject()) {
                return;
            }
            boolean object = "object".equals(schema.path("type").asString("")) || schema.has("properties");
            boolean closed = schema.path("additionalProperties").isBoolean()
                    && !schema.path("additionalProperties").asBoolean();
            boolean map = schema.path("additionalProperties").isObject();
            boolean passedThrough = schema.path("$comment").asString("").startsWith("Passed through to Kubernetes");
            if (object && !closed && !map && !passedThrough && !schema.has("$ref")) {
                open.add(path.isEmpty() ? "(root)" : path);
            }
            for (String keyword : List.of("properties", "definitions")) {
                schema.path(keyword)
                        .properties()
                        .forEach(e -> collectOpenObjects(e.getValue(), path + "/" + keyword + "/" + e.getKey(), open));
            }
            collectOpenObjects(schema.path("items"), path + "/items", open);
            collectOpenObjects(schema.path("additionalProperties"), path + "/additionalProperties", open);
        }

        @Test
        void everyValueIsDocumented() throws IOException {
            List<String> lines = Files.readAllLines(HelmChart.DIR.resolve("values.yaml"), StandardCharsets.UTF_8);

            assertThat(undocumentedKeys(lines)).isEmpty();
        }

        @Test
        void theDocumentationCheckFindsAnUndocumentedKey() {
            List<String> lines = List.of(
                    "# Documented.",
                    "persistence:",
                    "  # Documented.",
                    "  accessModes:",
                    "    - ReadWriteOnce",
                    "  annotations: {}",
                    "# Documented, with an example inside its default list.",
                    "to:",
                    "  - namespaceSelector:",
                    "      matchLabels: {}");

            assertThat(undocumentedKeys(lines)).containsExactly("6: annotations: {}");
        }

        /**
         * Keys of values.yaml with no comment line right above them. Keys inside a default list's items
         * (networkPolicy.dns.to) are part of that documented value.
         */
        private static List<String> undocumentedKeys(List<String> lines) {
            Pattern key = Pattern.compile("^( *)[A-Za-z][A-Za-z0-9]*:.*$");
            Pattern listItem = Pattern.compile("^( *)- .*$");
            List<String> undocumented = new ArrayList<>();
            int listColumn = -1;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher item = listItem.matcher(line);
                Matcher keyLine = key.matcher(line);
                if (item.matches()) {
                    listColumn = listColumn >= 0
                            ? Math.min(listColumn, item.group(1).length())
                            : item.group(1).length();
                } else if (keyLine.matches()) {
                    int column = keyLine.group(1).length();
                    if (listColumn >= 0 && column > listColumn) {
                        continue;
                    }
                    listColumn = -1;
                    if (i == 0 || !lines.get(i - 1).trim().startsWith("#")) {
                        undocumented.add((i + 1) + ": " + line.trim());
                    }
                }
            }
            return undocumented;
        }

        @Test
        void keysAreCamelCase() {
            Map<String, Object> defaults = HelmChart.read(HelmChart.DIR.resolve("values.yaml"));
            List<String> notCamel = new ArrayList<>();
            collectKeys(defaults, "", notCamel);

            assertThat(notCamel).isEmpty();
        }

        @SuppressWarnings("unchecked")
        private void collectKeys(Map<String, Object> values, String path, List<String> notCamel) {
            values.forEach((key, value) -> {
                boolean inLabels = path.endsWith("matchLabels");
                if (!inLabels && !key.matches("[a-z][A-Za-z0-9]*")) {
                    notCamel.add(path + "." + key);
                }
                if (value instanceof Map<?, ?> nested) {
                    collectKeys((Map<String, Object>) nested, path + "." + key, notCamel);
                }
            });
        }
    }

    @Nested
    class Workload {
        @Test
        void probesPointAtTheQuarkusHealthEndpointsOnTheHttpPort() {
            Manifests manifests = HelmChart.render(ValueSet.DEFAULTS);
            JsonNode container = manifests.container();

            assertThat(container.at("/ports/0/name").asString()).isEqualTo("http");
            assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
            assertThat(manifests.envValue("QUARKUS_HTTP_PORT")).isEqualTo("8080");
            assertProbe(container, "startupProbe", "/q/health/started", "http", "HTTP");
            assertProbe(container, "readinessProbe", "/q/health/ready", "http", "HTTP");
            assertProbe(container, "livenessProbe", "/q/health/live", "http", "HTTP");
        }

        @Test
        void withTlsProbesUseHttpsOn8443AndPlainHttpIsOff() {
            Manifests manifests = HelmChart.render(ValueSet.TLS);
            JsonNode container = manifests.container();

            assertThat(container.path("ports").size()).isEqualTo(1);
            assertThat(container.at("/ports/0/name").asString()).isEqualTo("https");
            assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8443);
            assertThat(manifests.envValue("QUARKUS_HTTP_SSL_PORT")).isEqualTo("8443");
            assertThat(manifests.envValue("QUARKUS_HTTP_INSECURE_REQUESTS")).isEqualTo("disabled");
            assertProbe(container, "startupProbe", "/q/health/started", "https", "HTTPS");
            assertProbe(container, "readinessProbe", "/q/health/ready", "https", "HTTPS");
            assertProbe(container, "livenessProbe", "/q/health/live", "https", "HTTPS");
            assertThat(manifests
                            .named("Service", FULLNAME)
                            .at("/spec/ports/0/targetPort")
                            .asString())
                    .isEqualTo("https");
        }

        private void assertProbe(JsonNode container, String probe, String path, String port, String scheme) {
            JsonNode get = container.path(probe).path("httpGet");
            assertThat(get.path("path").asString()).as(probe).isEqualTo(path);
            assertThat(get.path("port").asString()).as(probe).isEqualTo(port);
            assertThat(get.path("scheme").asString()).as(probe).isEqualTo(scheme);
            assertThat(container.path("ports").valueStream().map(p -> p.path("name")
                            .asString()))
                    .as("%s names a port the container declares", probe)
                    .contains(port);
        }

        @Test
        void startupProbeGivesAFirstImportMinutes() {
            JsonNode startup = HelmChart.render(ValueSet.DEFAULTS).container().path("startupProbe");

            assertThat(startup.path("periodSeconds").asInt()
                            * startup.path("failureThreshold").asInt())
                    .isGreaterThanOrEqualTo(300);
        }

        @ParameterizedTest
        @EnumSource(ValueSet.class)
        void runsAsNonRootWithAReadOnlyRootFilesystemAndNoPrivileges(ValueSet set) {
            Manifests manifests = HelmChart.render(set);
            JsonNode pod = manifests.podSpec();
            JsonNode container = manifests.container().path("securityContext");

            assertThat(pod.path("automountServiceAccountToken").isBoolean()).isTrue();
            assertThat(pod.path("automountServiceAccountToken").asBoolean()).isFalse();
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
            assertThat(pod.at("/securityContext/fsGroup").asInt()).isEqualTo(10001);
            assertThat(pod.at("/securityContext/seccompProfile/type").asString())
                    .isEqualTo("RuntimeDefault");
            assertThat(container.path("runAsNonRoot").asBoolean()).isTrue();
            assertThat(container.path("runAsUser").asInt()).isEqualTo(10001);
            assertThat(container.path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(container.path("allowPrivilegeEscalation").isBoolean()).isTrue();
            assertThat(container.path("allowPrivilegeEscalation").asBoolean()).isFalse();
            assertThat(container.path("privileged").asBoolean(true)).isFalse();
            assertThat(container.at("/capabilities/drop").valueStream().map(JsonNode::asString))
                    .containsExactly("ALL");
            assertThat(container.at("/capabilities/add").isMissingNode()).isTrue();
            assertThat(container.at("/seccompProfile/type").asString()).isEqualTo("RuntimeDefault");
            assertThat(manifests
                            .one("ServiceAccount")
                            .path("automountServiceAccountToken")
                            .asBoolean(true))
                    .isFalse();
        }

        @ParameterizedTest
        @EnumSource(ValueSet.class)
        void onlyTheDataVolumeAndTmpAreWritable(ValueSet set) {
            Manifests manifests = HelmChart.render(set);
            List<String> writable = manifests
                    .container()
                    .path("volumeMounts")
                    .valueStream()
                    .filter(m -> !m.path("readOnly").asBoolean(false))
                    .map(m -> m.path("mountPath").asString())
                    .toList();

            assertThat(writable).containsExactlyInAnyOrder(DATA_DIR, "/tmp");
            assertThat(manifests.volume("tmp").orElseThrow().has("emptyDir")).isTrue();
        }

        @Test
        void eachReplicaKeepsItsDataOnItsOwnPersistentVolume() {
            Manifests manifests =
                    HelmChart.render(Map.of("persistence", Map.of("size", "20Gi", "storageClass", "fast-local")));
            JsonNode statefulSet = manifests.one("StatefulSet");
            JsonNode claim = statefulSet.at("/spec/volumeClaimTemplates/0");
            String dataMount =
                    manifests.mountAt(DATA_DIR).orElseThrow().path("name").asString();

            assertThat(manifests.envValue("OUTPOST_DATA_DIR")).isEqualTo(DATA_DIR);
            assertThat(claim.at("/metadata/name").asString()).isEqualTo(dataMount);
            assertThat(manifests.volume(dataMount))
                    .as("the data volume comes from the claim template")
                    .isEmpty();
            assertThat(claim.at("/spec/resources/requests/storage").asString()).isEqualTo("20Gi");
            assertThat(claim.at("/spec/storageClassName").asString()).isEqualTo("fast-local");
            assertThat(statefulSet.at("/spec/serviceName").asString()).isEqualTo(FULLNAME + "-headless");
            assertThat(manifests
                            .named("Service", FULLNAME + "-headless")
                            .at("/spec/clusterIP")
                            .asString())
                    .isEqualTo("None");
        }

        @Test
        void oneReplicaUsesTheEmbeddedH2Database() {
            Manifests manifests = HelmChart.render(ValueSet.DEFAULTS);

            assertThat(manifests.one("StatefulSet").at("/spec/replicas").asInt())
                    .isEqualTo(1);
            assertThat(manifests.envValue("OUTPOST_DATABASE_KIND")).isEqualTo("h2");
            assertThat(manifests.env("QUARKUS_DATASOURCE_JDBC_URL")).isEmpty();
        }

        @Test
        void severalReplicasSharePostgresqlWithCredentialsFromTheSecret() {
            Manifests manifests = HelmChart.render(ValueSet.POSTGRESQL_THREE_REPLICAS);

            assertThat(manifests.one("StatefulSet").at("/spec/replicas").asInt())
                    .isEqualTo(3);
            assertThat(manifests.envValue("OUTPOST_DATABASE_KIND")).isEqualTo("postgresql");
            assertThat(manifests.envValue("QUARKUS_DATASOURCE_JDBC_URL"))
                    .isEqualTo("jdbc:postgresql://postgresql.databases.svc.cluster.local:5432/outpost?sslmode=require");
            assertSecretRef(manifests, "QUARKUS_DATASOURCE_USERNAME", "outpost-database", "username");
            assertSecretRef(manifests, "QUARKUS_DATASOURCE_PASSWORD", "outpost-database", "password");
            assertThat(manifests
                            .one("StatefulSet")
                            .at("/spec/podManagementPolicy")
                            .asString())
                    .isEqualTo("Parallel");
        }

        @Test
        void refusesSeveralReplicasWithoutADatabase() {
            assertThat(failureOf(Map.of("replicaCount", 3)))
                    .contains("3 replicas need an external PostgreSQL: set database.url");
            assertThat(failureOf(Map.of("autoscaling", Map.of("enabled", true, "maxReplicas", 4))))
                    .contains("4 replicas need an external PostgreSQL");
        }

        @Test
        void refusesSeveralReplicasWithoutASharedInbox() {
            Map<String, Object> inbox = Map.of("inbox", Map.of("existingClaim", ""));

            assertThat(failureOf(ValueSet.POSTGRESQL_THREE_REPLICAS, inbox))
                    .contains("3 replicas need a shared inbox: set inbox.existingClaim");
        }

        @Test
        void refusesADatabaseWithoutCredentials() {
            assertThat(failureOf(Map.of(
                            "database", Map.of("url", "jdbc:postgresql://10.0.0.5:5432/outpost"),
                            "networkPolicy",
                                    Map.of(
                                            "database",
                                            Map.of("to", List.of(Map.of("ipBlock", Map.of("cidr", "10.0.0.5/32"))))))))
                    .contains("database.url needs database.existingSecret");
        }

        @ParameterizedTest(name = "{1}")
        @MethodSource("dev.outpost.deploy.helm.HelmChartTest#refusals")
        void refusesValuesThatCannotWork(Map<String, Object> overlay, String message) {
            assertThat(failureOf(overlay)).contains("outpost: " + message);
        }

        @Test
        void freshnessAndRefreshSettingsReachTheApplication() {
            Manifests manifests = HelmChart.render(Map.of(
                    "dataset", Map.of("maxAge", "P14D", "whenStale", "warn"),
                    "localVerdicts", Map.of("refreshInterval", "30s"),
                    "inbox", Map.of("scanInterval", "1m"),
                    "javaOpts", "-Xmx256m"));

            assertThat(manifests.envValue("OUTPOST_DATASET_MAX_AGE")).isEqualTo("P14D");
            assertThat(manifests.envValue("OUTPOST_DATASET_WHEN_STALE")).isEqualTo("warn");
            assertThat(manifests.envValue("OUTPOST_LOCAL_REFRESH_INTERVAL")).isEqualTo("30s");
            assertThat(manifests.envValue("OUTPOST_INBOX_SCAN_INTERVAL")).isEqualTo("1m");
            assertThat(manifests.envValue("OUTPOST_JAVA_OPTS")).isEqualTo("-Xmx256m");
            assertThat(HelmChart.render(ValueSet.DEFAULTS).env("OUTPOST_DATASET_MAX_AGE"))
                    .isEmpty();
        }

        @Test
        void theSharedInboxIsMountedReadOnlyAndKept() {
            Manifests manifests = HelmChart.render(ValueSet.POSTGRESQL_THREE_REPLICAS);
            JsonNode mount = manifests.mountAt(SHARED_INBOX).orElseThrow();
            JsonNode volume = manifests.volume(mount.path("name").asString()).orElseThrow();

            assertThat(manifests.envValue("OUTPOST_INBOX_DIRECTORY")).isEqualTo(SHARED_INBOX);
            assertThat(manifests.envValue("OUTPOST_INBOX_AFTER_IMPORT")).isEqualTo("keep");
            assertThat(manifests.envValue("OUTPOST_INBOX_ENABLED")).isEqualTo("true");
            assertThat(manifests.envValue("OUTPOST_INBOX_SCAN_INTERVAL")).isEqualTo("15s");
            assertThat(mount.path("readOnly").asBoolean()).isTrue();
            assertThat(volume.at("/persistentVolumeClaim/claimName").asString()).isEqualTo("outpost-inbox");
            assertThat(volume.at("/persistentVolumeClaim/readOnly").asBoolean()).isTrue();
        }

        @Test
        void withoutASharedInboxTheReplicaScansItsDataVolume() {
            Manifests manifests = HelmChart.render(ValueSet.DEFAULTS);

            assertThat(manifests.envValue("OUTPOST_INBOX_DIRECTORY")).isEqualTo(DATA_DIR + "/inbox");
            assertThat(manifests.mountAt(SHARED_INBOX)).isEmpty();
        }

        @Test
        void rootKeysFromValuesArePinnedFromTheMountedConfigMap() {
            Manifests manifests = HelmChart.render(
                    Map.of("trust", Map.of("rootKeys", List.of(DEMO_ROOT_KEY, DEMO_ROOT_KEY), "rootThreshold", 2)));
            JsonNode configMap = manifests.one("ConfigMap");

            assertThat(manifests.envValue("OUTPOST_TRUST_ROOT_KEYS"))
                    .isEqualTo(KEYS_DIR + "/root-1.pub.pem," + KEYS_DIR + "/root-2.pub.pem");
            assertThat(manifests.envValue("OUTPOST_TRUST_ROOT_THRESHOLD")).isEqualTo("2");
            assertThat(configMap.at("/data/root-1.pub.pem").asString()).isEqualTo(DEMO_ROOT_KEY);
            assertKeysMounted(manifests, configMap.at("/metadata/name").asString());
            assertThat(manifests
                            .one("StatefulSet")
                            .at("/spec/template/metadata/annotations/checksum~1trust")
                            .isString())
                    .as("pods roll when the keys change")
                    .isTrue();
        }

        @Test
        void aRootKeyCanComeFromAFileAsTheReadmeInstalls() {
            Manifests manifests = HelmChart.renderWithFile(
                    "trust.rootKeys[0]", java.nio.file.Path.of("offline-bundles", "keys", "demo-root.pub.pem"));

            assertThat(manifests.one("ConfigMap").at("/data/root-1.pub.pem").asString())
                    .isEqualTo(DEMO_ROOT_KEY);
            assertThat(manifests.envValue("OUTPOST_TRUST_ROOT_KEYS")).isEqualTo(KEYS_DIR + "/root-1.pub.pem");
        }

        @Test
        void rootKeysOfAnExistingConfigMapArePinnedByName() {
            Manifests manifests = HelmChart.render(ValueSet.TLS);

            assertThat(manifests.has("ConfigMap")).isFalse();
            assertThat(manifests.envValue("OUTPOST_TRUST_ROOT_KEYS"))
                    .isEqualTo(KEYS_DIR + "/vendor-root-1.pub.pem," + KEYS_DIR + "/vendor-root-2.pub.pem");
            assertKeysMounted(manifests, "outpost-root-keys");
        }

        /** Every file OUTPOST_TRUST_ROOT_KEYS names is projected from the ConfigMap into the keys mount. */
        private void assertKeysMounted(Manifests manifests, String configMapName) {
            JsonNode mount = manifests.mountAt(KEYS_DIR).orElseThrow();
            JsonNode volume = manifests.volume(mount.path("name").asString()).orElseThrow();
            List<String> projected = volume.at("/configMap/items")
                    .valueStream()
                    .map(item -> KEYS_DIR + "/" + item.path("path").asString())
                    .toList();

            assertThat(mount.path("readOnly").asBoolean()).isTrue();
            assertThat(volume.at("/configMap/name").asString()).isEqualTo(configMapName);
            assertThat(projected)
                    .containsExactlyInAnyOrder(
                            manifests.envValue("OUTPOST_TRUST_ROOT_KEYS").split(","));
        }

        @Test
        void tlsCertificateIsMountedWhereQuarkusReadsIt() {
            Manifests manifests = HelmChart.render(ValueSet.TLS);
            JsonNode mount = manifests.mountAt(TLS_DIR).orElseThrow();
            JsonNode volume = manifests.volume(mount.path("name").asString()).orElseThrow();

            assertThat(manifests.envValue("QUARKUS_TLS_KEY_STORE_PEM__0__CERT")).isEqualTo(TLS_DIR + "/tls.crt");
            assertThat(manifests.envValue("QUARKUS_TLS_KEY_STORE_PEM__0__KEY")).isEqualTo(TLS_DIR + "/tls.key");
            assertThat(mount.path("readOnly").asBoolean()).isTrue();
            assertThat(volume.at("/secret/secretName").asString()).isEqualTo("outpost-tls");
        }

        @Test
        void operatorTokenHashesComeFromASecretTheChartCreates() {
            Manifests manifests = HelmChart.render(ValueSet.TLS);
            JsonNode secret = manifests.one("Secret");
            String tokens = new String(
                    Base64.getDecoder().decode(secret.at("/data/tokens").asString()), StandardCharsets.UTF_8);

            assertThat(tokens).isEqualTo("alice:2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90");
            assertSecretRef(
                    manifests,
                    "OUTPOST_OPERATOR_TOKENS",
                    secret.at("/metadata/name").asString(),
                    "tokens");
        }

        @Test
        void operatorTokenHashesComeFromAnExistingSecret() {
            Manifests manifests = HelmChart.render(ValueSet.POSTGRESQL_THREE_REPLICAS);

            assertThat(manifests.has("Secret")).isFalse();
            assertSecretRef(manifests, "OUTPOST_OPERATOR_TOKENS", "outpost-operator-tokens", "tokens");
        }

        @Test
        void withoutOperatorTokensNoneIsConfigured() {
            assertThat(HelmChart.render(ValueSet.DEFAULTS).env("OUTPOST_OPERATOR_TOKENS"))
                    .isEmpty();
        }

        private void assertSecretRef(Manifests manifests, String env, String secret, String key) {
            JsonNode ref = manifests.env(env).orElseThrow().at("/valueFrom/secretKeyRef");
            assertThat(ref.path("name").asString()).as(env).isEqualTo(secret);
            assertThat(ref.path("key").asString()).as(env).isEqualTo(key);
            assertThat(manifests.env(env).orElseThrow().has("value")).as(env).isFalse();
        }

        @ParameterizedTest
        @EnumSource(ValueSet.class)
        void setsResourcesAndTheJvmHeap(ValueSet set) {
            Manifests manifests = HelmChart.render(set);
            JsonNode resources = manifests.container().path("resources");

            assertThat(resources.at("/requests/cpu").asString()).isNotEmpty();
            assertThat(resources.at("/requests/memory").asString()).isNotEmpty();
            assertThat(resources.at("/limits/memory").asString()).isEqualTo("512Mi");
            assertThat(manifests.envValue("OUTPOST_JAVA_OPTS")).isEqualTo("-Xmx192m");
        }

        @Test
        void environmentVariablesAreSetOnce() {
            for (ValueSet set : ValueSet.values()) {
                List<String> names = HelmChart.render(set)
                        .container()
                        .path("env")
                        .valueStream()
                        .map(e -> e.path("name").asString())
                        .toList();
                assertThat(names).as("%s", set).doesNotHaveDuplicates();
            }
        }

        @Test
        void imageComesFromTheAirGappedRegistryByDigest() {
            String digest = "sha256:" + "ab".repeat(32);
            Manifests manifests = HelmChart.render(Map.of(
                    "global", Map.of("imageRegistry", "registry.lan:5000"),
                    "image", Map.of("digest", digest, "pullSecrets", List.of("lan-registry"))));

            assertThat(manifests.container().path("image").asString())
                    .isEqualTo("registry.lan:5000/outpost/outpost@" + digest);
            assertThat(manifests.podSpec().at("/imagePullSecrets/0/name").asString())
                    .isEqualTo("lan-registry");
            assertThat(HelmChart.render(ValueSet.DEFAULTS)
                            .container()
                            .path("image")
                            .asString())
                    .isEqualTo("outpost/outpost:0.1.0");
        }
    }

    @Nested
    class NetworkPolicy {
        @Test
        void deniesAllEgressByDefault() {
            JsonNode spec =
                    HelmChart.render(ValueSet.DEFAULTS).one("NetworkPolicy").path("spec");

            assertThat(spec.path("policyTypes").valueStream().map(JsonNode::asString))
                    .containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(spec.path("egress").isArray()).isTrue();
            assertThat(spec.path("egress").isEmpty()).isTrue();
        }

        @Test
        void admitsIngressOnlyToTheHttpPort() {
            JsonNode spec =
                    HelmChart.render(ValueSet.DEFAULTS).one("NetworkPolicy").path("spec");

            assertThat(spec.path("ingress").size()).isEqualTo(1);
            assertThat(spec.at("/ingress/0/ports").size()).isEqualTo(1);
            assertThat(spec.at("/ingress/0/ports/0/port").asString()).isEqualTo("http");
            assertThat(spec.at("/ingress/0/ports/0/protocol").asString()).isEqualTo("TCP");
        }

        @Test
        void admitsIngressOnlyFromTheConfiguredSources() {
            JsonNode spec = HelmChart.render(ValueSet.TLS).one("NetworkPolicy").path("spec");

            assertThat(spec.at("/ingress/0/ports/0/port").asString()).isEqualTo("https");
            assertThat(spec.at("/ingress/0/from").size()).isEqualTo(2);
            assertThat(spec.at("/ingress/0/from/1/ipBlock/cidr").asString()).isEqualTo("10.20.0.0/16");
            assertThat(spec.path("egress").isEmpty()).isTrue();
        }

        @Test
        void allowsEgressOnlyToTheDatabaseWhenItIsAddressedByIp() {
            JsonNode egress =
                    HelmChart.render(ValueSet.AUTOSCALING).one("NetworkPolicy").at("/spec/egress");

            assertThat(egress.size()).as("no DNS rule").isEqualTo(1);
            assertThat(egress.at("/0/to/0/ipBlock/cidr").asString()).isEqualTo("10.0.12.7/32");
            assertThat(egress.at("/0/ports").size()).isEqualTo(1);
            assertThat(egress.at("/0/ports/0/port").asInt()).isEqualTo(5432);
            assertThat(egress.at("/0/ports/0/protocol").asString()).isEqualTo("TCP");
        }

        @Test
        void allowsDnsOnlyWhenTheDatabaseIsNamedByHost() {
            JsonNode egress = HelmChart.render(ValueSet.POSTGRESQL_THREE_REPLICAS)
                    .one("NetworkPolicy")
                    .at("/spec/egress");

            assertThat(egress.size()).isEqualTo(2);
            assertThat(egress.at("/0/to/0/podSelector/matchLabels/app.kubernetes.io~1name")
                            .asString())
                    .isEqualTo("postgresql");
            assertThat(egress.at("/0/ports/0/port").asInt()).isEqualTo(5432);
            assertThat(egress.at("/1/to/0/podSelector/matchLabels/k8s-app").asString())
                    .isEqualTo("kube-dns");
            assertThat(egress.at("/1/ports")
                            .valueStream()
                            .map(p -> p.path("port").asInt() + "/"
                                    + p.path("protocol").asString()))
                    .containsExactlyInAnyOrder("53/UDP", "53/TCP");
        }

        @Test
        void opensThePortsOfEveryHostOfTheDatabaseUrl() {
            JsonNode egress = HelmChart.render(
                            ValueSet.AUTOSCALING,
                            Map.of(
                                    "database",
                                    Map.of("url", "jdbc:postgresql://10.0.12.7:5433,[fd00::7]:5434,10.0.12.8/outpost")))
                    .one("NetworkPolicy")
                    .at("/spec/egress");

            assertThat(egress.size()).as("all IP literals: no DNS").isEqualTo(1);
            assertThat(egress.at("/0/ports").valueStream().map(p -> p.path("port")
                            .asInt()))
                    .containsExactlyInAnyOrder(5433, 5434, 5432);
        }

        @Test
        void refusesADatabaseWithoutItsEgressDestination() {
            Map<String, Object> noDestination = Map.of("networkPolicy", Map.of("database", Map.of("to", List.of())));

            assertThat(failureOf(ValueSet.POSTGRESQL_THREE_REPLICAS, noDestination))
                    .contains("set networkPolicy.database.to");
        }

        @Test
        void selectsTheOutpostPods() {
            Manifests manifests = HelmChart.render(ValueSet.DEFAULTS);
            JsonNode selector = manifests.one("NetworkPolicy").at("/spec/podSelector/matchLabels");
            JsonNode podLabels = manifests.one("StatefulSet").at("/spec/template/metadata/labels");

            assertThat(selector.size()).isPositive();
            selector.properties()
                    .forEach(label -> assertThat(podLabels.path(label.getKey()).asString())
                            .isEqualTo(label.getValue().asString()));
        }
    }

    @Nested
    class Resources {
        @ParameterizedTest
        @EnumSource(ValueSet.class)
        void everyResourceCarriesTheStandardLabelsAndNoNamespace(ValueSet set) {
            for (ObjectNode document : HelmChart.render(set).documents()) {
                JsonNode metadata = document.path("metadata");
                String what = document.path("kind").asString() + " "
                        + metadata.path("name").asString();

                assertThat(metadata.has("namespace")).as(what).isFalse();
                assertThat(metadata.at("/labels/app.kubernetes.io~1name").asString())
                        .as(what)
                        .isEqualTo("outpost");
                assertThat(metadata.at("/labels/app.kubernetes.io~1instance").asString())
                        .as(what)
                        .isEqualTo(HelmChart.RELEASE);
                assertThat(metadata.at("/labels/app.kubernetes.io~1managed-by").asString())
                        .as(what)
                        .isEqualTo("Helm");
                assertThat(metadata.at("/labels/app.kubernetes.io~1version").asString())
                        .as(what)
                        .isEqualTo("0.1.0");
                assertThat(metadata.at("/labels/helm.sh~1chart").asString())
                        .as(what)
                        .isEqualTo("outpost-0.1.0");
            }
        }

        @Test
        void podDisruptionBudgetLetsOneReplicaGoByDefault() {
            JsonNode spec = HelmChart.render(ValueSet.DEFAULTS)
                    .one("PodDisruptionBudget")
                    .path("spec");

            assertThat(spec.path("maxUnavailable").asInt()).isEqualTo(1);
            assertThat(spec.has("minAvailable")).isFalse();
            assertThat(HelmChart.render(ValueSet.POSTGRESQL_THREE_REPLICAS)
                            .one("PodDisruptionBudget")
                            .at("/spec/minAvailable")
                            .asInt())
                    .isEqualTo(2);
        }

        @Test
        void autoscalerDrivesTheStatefulSet() {
            Manifests manifests = HelmChart.render(ValueSet.AUTOSCALING);
            JsonNode spec = manifests.one("HorizontalPodAutoscaler").path("spec");

            assertThat(spec.at("/scaleTargetRef/kind").asString()).isEqualTo("StatefulSet");
            assertThat(spec.at("/scaleTargetRef/name").asString()).isEqualTo(FULLNAME);
            assertThat(spec.path("maxReplicas").asInt()).isEqualTo(5);
            assertThat(manifests.one("StatefulSet").at("/spec/replicas").isMissingNode())
                    .as("the autoscaler owns the replica count")
                    .isTrue();
        }

        @Test
        void optionalResourcesAreOffByDefault() {
            Manifests manifests = HelmChart.render(ValueSet.DEFAULTS);

            assertThat(manifests.has("Ingress")).isFalse();
            assertThat(manifests.has("ServiceMonitor")).isFalse();
            assertThat(manifests.has("HorizontalPodAutoscaler")).isFalse();
            assertThat(manifests.has("NetworkPolicy")).isTrue();
            assertThat(manifests.has("PodDisruptionBudget")).isTrue();
        }

        @Test
        void serviceMonitorScrapesQuarkusMetricsOnTheApiServiceOnly() {
            Manifests manifests = HelmChart.render(ValueSet.INGRESS_AND_SERVICE_MONITOR);
            JsonNode spec = manifests.one("ServiceMonitor").path("spec");
            JsonNode selector = spec.at("/selector/matchLabels");

            assertThat(spec.at("/endpoints/0/path").asString()).isEqualTo("/q/metrics");
            assertThat(spec.at("/endpoints/0/port").asString()).isEqualTo("http");
            assertThat(spec.at("/endpoints/0/scheme").asString()).isEqualTo("http");
            assertThat(manifests
                            .one("ServiceMonitor")
                            .at("/metadata/labels/release")
                            .asString())
                    .isEqualTo("prometheus");
            assertThat(selects(selector, manifests.named("Service", FULLNAME))).isTrue();
            assertThat(selects(selector, manifests.named("Service", FULLNAME + "-headless")))
                    .as("each replica is scraped once, not through both Services")
                    .isFalse();
        }

        @Test
        void serviceMonitorScrapesHttpsWithTls() {
            Manifests manifests = HelmChart.render(
                    ValueSet.TLS,
                    Map.of(
                            "metrics",
                            Map.of(
                                    "serviceMonitor",
                                    Map.of(
                                            "enabled",
                                            true,
                                            "tlsConfig",
                                            Map.of("serverName", "outpost.lan.internal")))));
            JsonNode endpoint = manifests.one("ServiceMonitor").at("/spec/endpoints/0");

            assertThat(endpoint.path("port").asString()).isEqualTo("https");
            assertThat(endpoint.path("scheme").asString()).isEqualTo("https");
            assertThat(endpoint.at("/tlsConfig/serverName").asString()).isEqualTo("outpost.lan.internal");
            assertThat(schemas.validate(manifests.one("ServiceMonitor"))).isEmpty();
        }

        private boolean selects(JsonNode matchLabels, JsonNode service) {
            JsonNode labels = service.at("/metadata/labels");
            return matchLabels.properties().stream().allMatch(l -> labels.path(l.getKey())
                    .asString()
                    .equals(l.getValue().asString()));
        }

        @Test
        void ingressRoutesToTheService() {
            Manifests manifests = HelmChart.render(ValueSet.INGRESS_AND_SERVICE_MONITOR);
            JsonNode backend = manifests.one("Ingress").at("/spec/rules/0/http/paths/0/backend/service");

            assertThat(backend.path("name").asString()).isEqualTo(FULLNAME);
            assertThat(backend.at("/port/name").asString())
                    .isEqualTo(manifests
                            .named("Service", FULLNAME)
                            .at("/spec/ports/0/name")
                            .asString());
        }
    }

    @Nested
    class Notes {
        @Test
        void tellHowToQueryAndHowToBringABundleIn() {
            String notes = HelmChart.installOutput(ValueSet.POSTGRESQL_THREE_REPLICAS, Map.of());

            assertThat(notes)
                    .contains("/api/v1/files/44d88612fea8a8f36de82e1278abb02f")
                    .contains("svc/" + FULLNAME + " 8080")
                    .contains("PersistentVolumeClaim\n   outpost-inbox")
                    .contains("/api/v1/dataset")
                    .doesNotContain("no trusted root keys");
        }

        @Test
        void warnWhenNoRootKeyIsPinned() {
            assertThat(HelmChart.installOutput(ValueSet.DEFAULTS, Map.of())).contains("no trusted root keys");
        }
    }
}
