package dev.outpost.audit;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading a stored details text back: an object of strings, in its canonical spelling. */
final class AuditDetails {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditDetails() {}

    /** The map a canonical details text holds; empty if the text is not one (a row edited by hand). */
    static Optional<SortedMap<String, String>> parse(String text) {
        if (text == null || text.length() > 262144) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        TreeMap<String, String> map = new TreeMap<>(AuditCanonical.CODE_POINT_ORDER);
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                return Optional.empty();
            }
            map.put(field.getKey(), field.getValue().textValue());
        }
        // Whatever Jackson tolerates (spaces, another key order, duplicates) is not what was hashed.
        return AuditCanonical.details(map).equals(text) ? Optional.of(map) : Optional.empty();
    }

    static boolean isCanonical(String text) {
        return parse(text).isPresent();
    }
}
