package dev.outpost.local;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import dev.outpost.reputation.InvalidInputException;

/**
 * A change to a local verdict in place (issue 14): its verdict, threat name, comment or expiry. What
 * it is about (kind and value) never changes; a verdict on another subject is another verdict. A PUT
 * sets all four fields (an absent one is cleared); a PATCH only those it names ({@code null} clears).
 */
public final class LocalVerdictPatch {
    /** The fields a change may set, by their JSON names. */
    enum Field {
        VERDICT("verdict"),
        THREAT_NAME("threatName"),
        COMMENT("comment"),
        EXPIRES_AT("expiresAt");

        final String json;

        Field(String json) {
            this.json = json;
        }
    }

    /** Accepted in a PATCH or PUT body only to name the verdict being changed, never to change it. */
    private static final Set<String> IDENTITY = Set.of("kind", "value");

    private final EnumMap<Field, String> values;
    private final String kind;
    private final String value;

    private LocalVerdictPatch(EnumMap<Field, String> values, String kind, String value) {
        this.values = values;
        this.kind = kind;
        this.value = value;
        // Refuse bad values now, before anything is read from the database.
        String verdict = values.containsKey(Field.VERDICT) ? values.get(Field.VERDICT) : "MALWARE";
        VerdictFields.parse(
                verdict, values.get(Field.THREAT_NAME), values.get(Field.COMMENT), values.get(Field.EXPIRES_AT));
    }

    /** A PUT body: the whole changeable state. */
    static LocalVerdictPatch replacing(Map<String, Object> body) {
        LocalVerdictPatch patch = of(body);
        if (!patch.values.containsKey(Field.VERDICT) || patch.values.get(Field.VERDICT) == null) {
            throw VerdictFields.invalid("verdict", "is required", null);
        }
        for (Field field : Field.values()) {
            patch.values.putIfAbsent(field, null);
        }
        return patch;
    }

    /** A PATCH body (JSON merge patch, RFC 7396, of the fields above). */
    static LocalVerdictPatch merging(Map<String, Object> body) {
        return of(body);
    }

    private static LocalVerdictPatch of(Map<String, Object> body) {
        if (body == null) {
            throw new InvalidInputException(
                    "invalid-local-verdict",
                    "request body needs at least one of verdict, threatName, comment, expiresAt",
                    null);
        }
        EnumMap<Field, String> values = new EnumMap<>(Field.class);
        String kind = null;
        String value = null;
        for (Map.Entry<String, Object> entry : body.entrySet()) {
            Object raw = entry.getValue();
            if (raw != null && !(raw instanceof String)) {
                throw VerdictFields.invalid(entry.getKey(), "must be a string or null", String.valueOf(raw));
            }
            String text = (String) raw;
            if (IDENTITY.contains(entry.getKey())) {
                if (entry.getKey().equals("kind")) {
                    kind = text;
                } else {
                    value = text;
                }
                continue;
            }
            Field field = field(entry.getKey());
            if (field == Field.VERDICT && text == null) {
                throw VerdictFields.invalid("verdict", "cannot be cleared; delete the verdict instead", null);
            }
            values.put(field, text);
        }
        // Naming only the subject is allowed: it changes nothing, or is refused if it names another.
        if (values.isEmpty() && kind == null && value == null) {
            throw new InvalidInputException(
                    "invalid-local-verdict",
                    "request body needs at least one of verdict, threatName, comment, expiresAt",
                    null);
        }
        return new LocalVerdictPatch(values, kind, value);
    }

    private static Field field(String name) {
        for (Field field : Field.values()) {
            if (field.json.equals(name)) {
                return field;
            }
        }
        throw new InvalidInputException(
                "invalid-local-verdict",
                "'" + name + "' cannot be changed: a change sets verdict, threatName, comment or expiresAt",
                name);
    }

    /** What the verdict says after this change. */
    VerdictFields applyTo(LocalVerdict row) {
        if (kind != null && !kind.equals(row.kind)) {
            throw identityChange("kind", kind);
        }
        if (value != null) {
            LocalKind rowKind = LocalKind.of(row.kind);
            if (!rowKind.canonicalSubject(value).equals(row.subject)) {
                throw identityChange("value", value);
            }
        }
        return VerdictFields.parse(
                pick(Field.VERDICT, row.category),
                pick(Field.THREAT_NAME, row.threatName),
                pick(Field.COMMENT, row.comment),
                values.containsKey(Field.EXPIRES_AT)
                        ? values.get(Field.EXPIRES_AT)
                        : row.expiresAt == null ? null : row.expiresAt.toString());
    }

    private String pick(Field field, String current) {
        return values.containsKey(field) ? values.get(field) : current;
    }

    private static InvalidInputException identityChange(String field, String given) {
        return VerdictFields.invalid(
                field, "a verdict is about one subject; delete it and create one on the other subject", given);
    }
}
