package dev.outpost.deploy.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ObjectNode;

/** The documents of one {@code helm template} run, with the look-ups the tests need. */
record Manifests(List<ObjectNode> documents) {
    Manifests {
        documents = List.copyOf(documents);
    }

    static Manifests parse(String multiDocumentYaml) {
        List<ObjectNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it =
                HelmChart.YAML.readerFor(JsonNode.class).readValues(multiDocumentYaml)) {
            while (it.hasNext()) {
                JsonNode document = it.next();
                // "---" followed by nothing (a template whose condition is false) parses as null.
                if (document != null && document.isObject()) {
                    documents.add((ObjectNode) document);
                }
            }
        }
        return new Manifests(documents);
    }

    List<ObjectNode> ofKind(String kind) {
        return documents.stream()
                .filter(d -> d.path("kind").asString().equals(kind))
                .toList();
    }

    ObjectNode one(String kind) {
        List<ObjectNode> found = ofKind(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", rendered " + found.size());
        }
        return found.get(0);
    }

    ObjectNode named(String kind, String name) {
        return ofKind(kind).stream()
                .filter(d -> d.path("metadata").path("name").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    boolean has(String kind) {
        return !ofKind(kind).isEmpty();
    }

    JsonNode podSpec() {
        return one("StatefulSet").at("/spec/template/spec");
    }

    JsonNode container() {
        JsonNode containers = podSpec().path("containers");
        if (containers.size() != 1) {
            throw new AssertionError("expected one container, rendered " + containers.size());
        }
        return containers.get(0);
    }

    /** The container's environment variable of this name, if set. */
    Optional<JsonNode> env(String name) {
        return container()
                .path("env")
                .valueStream()
                .filter(e -> e.path("name").asString().equals(name))
                .findFirst();
    }

    /** The plain value of an environment variable that must be set. */
    String envValue(String name) {
        return env(name)
                .orElseThrow(() -> new AssertionError(name + " is not set"))
                .path("value")
                .asString();
    }

    /** The container's volume mount at this path. */
    Optional<JsonNode> mountAt(String path) {
        return container()
                .path("volumeMounts")
                .valueStream()
                .filter(m -> m.path("mountPath").asString().equals(path))
                .findFirst();
    }

    Optional<JsonNode> volume(String name) {
        return podSpec()
                .path("volumes")
                .valueStream()
                .filter(v -> v.path("name").asString().equals(name))
                .findFirst();
    }
}
