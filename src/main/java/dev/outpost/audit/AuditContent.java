package dev.outpost.audit;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.outpost.reputation.InvalidInputException;

/**
 * What one entry says, made fit to store: bounded, storable on both databases, with no secret. A
 * value that is too long is cut and marked, never refused, so that recording an action never fails
 * the action for the length of what it names (issue 14).
 */
public record AuditContent(
        String actor, String address, String action, String target, SortedMap<String, String> details) {
    public static final int MAX_ACTOR_CHARS = 128;
    public static final int MAX_ADDRESS_CHARS = 64;
    public static final int MAX_ACTION_CHARS = 64;
    public static final int MAX_TARGET_CHARS = 256;
    public static final int MAX_DETAILS = 32;
    public static final int MAX_KEY_CHARS = 64;
    public static final int MAX_VALUE_CHARS = 1000;
    /** The key that says how many pairs did not fit; it takes the last of the 32 places. */
    public static final String MORE_KEY = "…";

    /** Action names are short dotted lowercase words ({@link AuditActions}). */
    private static final Pattern ACTION = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");
    /**
     * Keys that name a secret: their values are kept only as a SHA-256. Matched on the key's end, so
     * that {@code tokenName} or {@code tokenId} stay readable while {@code token} or
     * {@code adminPassword} do not.
     */
    private static final Pattern SECRET_KEY = Pattern.compile(".*(password|secret|token)", Pattern.CASE_INSENSITIVE);
    /** A value that already is a digest (or a pair of them): hashing it again would hide nothing. */
    private static final Pattern DIGESTS = Pattern.compile("(sha256:[0-9a-f]{64}|-)?( -> (sha256:[0-9a-f]{64}|-))?");

    public AuditContent {
        if (actor == null || actor.isEmpty() || actor.length() > MAX_ACTOR_CHARS) {
            throw new InvalidInputException("invalid-audit-entry", "an actor has 1 to 128 characters", actor);
        }
        if (address != null && address.length() > MAX_ADDRESS_CHARS) {
            throw new InvalidInputException("invalid-audit-entry", "an address has at most 64 characters", address);
        }
        if (action == null
                || action.length() > MAX_ACTION_CHARS
                || !ACTION.matcher(action).matches()) {
            throw new InvalidInputException(
                    "invalid-audit-entry", "an action is a dotted lowercase name of at most 64 characters", action);
        }
        if (target != null && target.length() > MAX_TARGET_CHARS) {
            throw new InvalidInputException("invalid-audit-entry", "a target has at most 256 characters", target);
        }
        if (details.size() > MAX_DETAILS) {
            throw new InvalidInputException("invalid-audit-entry", "at most 32 details", null);
        }
        TreeMap<String, String> ordered = new TreeMap<>(AuditCanonical.CODE_POINT_ORDER);
        ordered.putAll(details);
        details = Collections.unmodifiableSortedMap(ordered);
    }

    /**
     * The bounded form of what a caller asked to record: strings made storable, long ones cut with a
     * marker, details beyond 31 pairs counted under {@link #MORE_KEY}, null values left out, and the
     * values of secret-named keys replaced by their SHA-256.
     */
    public static AuditContent of(Actor actor, String action, String target, Map<String, String> details) {
        TreeMap<String, String> bounded = new TreeMap<>(AuditCanonical.CODE_POINT_ORDER);
        int dropped = 0;
        if (details != null) {
            TreeMap<String, String> sorted = new TreeMap<>(AuditCanonical.CODE_POINT_ORDER);
            details.forEach((key, value) -> {
                if (key != null && value != null) {
                    sorted.put(storable(key), storable(value));
                }
            });
            for (Map.Entry<String, String> pair : sorted.entrySet()) {
                String key = cut(pair.getKey(), MAX_KEY_CHARS);
                if (bounded.size() >= MAX_DETAILS - 1 || bounded.containsKey(key)) {
                    dropped++;
                    continue;
                }
                bounded.put(key, cut(redact(pair.getKey(), pair.getValue()), MAX_VALUE_CHARS));
            }
        }
        if (dropped > 0) {
            bounded.put(MORE_KEY, dropped + " more not recorded");
        }
        return new AuditContent(
                storable(actor.name()),
                actor.address() == null ? null : storable(actor.address()),
                action,
                target == null ? null : cut(storable(target), MAX_TARGET_CHARS),
                bounded);
    }

    /** The SHA-256 of a secret as the log shows it: {@code sha256:<hex>}. */
    public static String digest(String secret) {
        return "sha256:" + AuditCanonical.sha256(secret);
    }

    static boolean namesSecret(String key) {
        return SECRET_KEY.matcher(key).matches();
    }

    private static String redact(String key, String value) {
        if (!namesSecret(key) || DIGESTS.matcher(value).matches()) {
            return value;
        }
        return digest(value);
    }

    /**
     * Cut to {@code max} characters, marked, without splitting a surrogate pair. The marker names the
     * original length, so a reader knows that something was cut and how much.
     */
    static String cut(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        String marker = "…[cut from " + value.length() + " chars]";
        int end = max - marker.length();
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + marker;
    }

    /**
     * PostgreSQL refuses U+0000 in text and a lone surrogate has no UTF-8 form (Java would write
     * "?" and Python refuses it), so both become U+FFFD: the stored text and the hashed bytes agree.
     */
    static String storable(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean bad;
            if (Character.isHighSurrogate(c)) {
                bad = i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
                if (!bad) {
                    if (out != null) {
                        out.append(c).append(value.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                bad = c == 0 || Character.isLowSurrogate(c);
            }
            if (bad && out == null) {
                out = new StringBuilder(value.length()).append(value, 0, i);
            }
            if (out != null) {
                out.append(bad ? '\uFFFD' : c);
            }
        }
        return out == null ? value : out.toString();
    }
}
