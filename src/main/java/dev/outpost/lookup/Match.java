package dev.outpost.lookup;

import java.util.Objects;

/**
 * The stored entry that decided a web answer (ADR 0008): a URL expression ({@code
 * host/path-prefix}), a domain, or an IP range in CIDR form.
 */
public record Match(Type type, String expression) {
    public Match {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(expression, "expression");
    }

    /** Which kind of entry matched; {@link #label} is the API's {@code matchType}. */
    public enum Type {
        URL("url"),
        DOMAIN("domain"),
        IP("ip");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
