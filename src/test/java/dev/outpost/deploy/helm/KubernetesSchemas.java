package dev.outpost.deploy.helm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strict JSON Schemas of the Kubernetes kinds the chart renders, like kubeconform's "standalone-strict"
 * schemas, built here from the vendored sources (src/test/resources/kubernetes/README.md):
 *
 * <ul>
 *   <li>the Kubernetes 1.36 OpenAPI v2 definitions, cut to what the chart's kinds reach;
 *   <li>the monitoring.coreos.com/v1 ServiceMonitor CRD of prometheus-operator v0.93.0.
 * </ul>
 *
 * <p>What this adds to the sources, and nothing else: every object schema that lists its properties
 * gets {@code additionalProperties: false} (the API server's strict field validation rejects unknown
 * fields; its default only warns and drops them), unless it says {@code x-kubernetes-preserve-unknown-fields};
 * {@code IntOrString} and {@code Quantity}, strings in the OpenAPI, also accept numbers, as the API server
 * does; a root schema pins apiVersion and kind; the CRD's untyped metadata becomes ObjectMeta. A rendered
 * kind with no schema here is an error, never a silent pass.
 */
final class KubernetesSchemas {
    private static final String DEFINITIONS = "/kubernetes/kubernetes-1.36-definitions.json";
    private static final String SERVICE_MONITOR_CRD = "/kubernetes/monitoring.coreos.com_servicemonitors-v0.93.0.yaml";
    private static final String REF_PREFIX = "#/definitions/";
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, Schema> byApiVersionAndKind;

    private KubernetesSchemas(Map<String, Schema> byApiVersionAndKind) {
        this.byApiVersionAndKind = Map.copyOf(byApiVersionAndKind);
    }

    static KubernetesSchemas load() {
        ObjectNode definitions = (ObjectNode) readJson(DEFINITIONS).path("definitions");
        ObjectNode strictDefinitions = NODES.objectNode();
        definitions.properties().forEach(e -> strictDefinitions.set(e.getKey(), strict(e.getValue())));
        strictDefinitions.set("io.k8s.apimachinery.pkg.api.resource.Quantity", anyOfTypes("string", "number"));

        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
        Map<String, Schema> schemas = new HashMap<>();
        definitions.properties().forEach(e -> {
            for (JsonNode gvk : e.getValue().path("x-kubernetes-group-version-kind")) {
                String apiVersion = apiVersion(
                        gvk.path("group").asString(), gvk.path("version").asString());
                String kind = gvk.path("kind").asString();
                ObjectNode root = ((ObjectNode) strictDefinitions.get(e.getKey())).deepCopy();
                schemas.put(
                        key(apiVersion, kind),
                        registry.getSchema(standalone(root, apiVersion, kind, strictDefinitions)));
            }
        });

        JsonNode crd = readYaml(SERVICE_MONITOR_CRD);
        String group = crd.at("/spec/group").asString();
        String kind = crd.at("/spec/names/kind").asString();
        for (JsonNode version : crd.at("/spec/versions")) {
            String apiVersion = apiVersion(group, version.path("name").asString());
            ObjectNode root = (ObjectNode) strict(version.at("/schema/openAPIV3Schema"));
            ((ObjectNode) root.path("properties")).set("metadata", ref(OBJECT_META));
            schemas.put(
                    key(apiVersion, kind), registry.getSchema(standalone(root, apiVersion, kind, strictDefinitions)));
        }
        return new KubernetesSchemas(schemas);
    }

    /** The violations of {@code document} against the schema of its apiVersion and kind; none: valid. */
    List<String> validate(JsonNode document) {
        String apiVersion = document.path("apiVersion").asString();
        String kind = document.path("kind").asString();
        Schema schema = byApiVersionAndKind.get(key(apiVersion, kind));
        if (schema == null) {
            throw new IllegalArgumentException("no schema for " + apiVersion + " " + kind
                    + " (vendor it: src/test/resources/kubernetes/README.md)");
        }
        return schema.validate(document).stream().map(Error::toString).toList();
    }

    boolean knows(String apiVersion, String kind) {
        return byApiVersionAndKind.containsKey(key(apiVersion, kind));
    }

    private static ObjectNode standalone(ObjectNode root, String apiVersion, String kind, ObjectNode definitions) {
        ObjectNode properties = (ObjectNode) root.path("properties");
        properties.set(
                "apiVersion", NODES.objectNode().set("enum", NODES.arrayNode().add(apiVersion)));
        properties.set("kind", NODES.objectNode().set("enum", NODES.arrayNode().add(kind)));
        root.set("required", NODES.arrayNode().add("apiVersion").add("kind").add("metadata"));
        root.put("$schema", "http://json-schema.org/draft-04/schema#");
        root.set("definitions", definitions);
        return root;
    }

    /**
     * The schema with unknown fields refused at every level (see the class comment). Handles both OpenAPI v2
     * definitions and CRD structural schemas (OpenAPI v3 subset).
     */
    private static JsonNode strict(JsonNode schema) {
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode copy = ((ObjectNode) schema).deepCopy();
        if (copy.has("$ref")) {
            // Draft 4 ignores a $ref's siblings anyway; keep the reference alone.
            return ref(copy.get("$ref").asString().substring(REF_PREFIX.length()));
        }
        if ("int-or-string".equals(copy.path("format").asString())
                || copy.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return anyOfTypes("integer", "string");
        }
        copy.remove("description");
        if (copy.get("properties") instanceof ObjectNode properties) {
            ObjectNode strictProperties = NODES.objectNode();
            properties.properties().forEach(p -> strictProperties.set(p.getKey(), strict(p.getValue())));
            copy.set("properties", strictProperties);
            if (!copy.has("additionalProperties")
                    && !copy.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                copy.put("additionalProperties", false);
            }
        }
        if (copy.get("additionalProperties") instanceof ObjectNode values) {
            copy.set("additionalProperties", strict(values));
        }
        if (copy.has("items")) {
            copy.set("items", strict(copy.get("items")));
        }
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            if (copy.get(combinator) instanceof ArrayNode alternatives) {
                ArrayNode strictAlternatives = NODES.arrayNode();
                alternatives.forEach(a -> strictAlternatives.add(strict(a)));
                copy.set(combinator, strictAlternatives);
            }
        }
        return copy;
    }

    private static ObjectNode ref(String definition) {
        return NODES.objectNode().put("$ref", REF_PREFIX + definition);
    }

    private static ObjectNode anyOfTypes(String... types) {
        ArrayNode typeList = NODES.arrayNode();
        for (String type : types) {
            typeList.add(type);
        }
        return NODES.objectNode().set("type", typeList);
    }

    private static String apiVersion(String group, String version) {
        return group.isEmpty() ? version : group + "/" + version;
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    private static JsonNode readJson(String resource) {
        try (InputStream in = open(resource)) {
            return HelmChart.YAML.readTree(in); // JSON is YAML
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readYaml(String resource) {
        return readJson(resource);
    }

    private static InputStream open(String resource) {
        InputStream in = KubernetesSchemas.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + resource);
        }
        return in;
    }
}
