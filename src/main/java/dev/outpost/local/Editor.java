package dev.outpost.local;

import dev.outpost.audit.Actor;

/**
 * Who writes local verdicts and with what authority: the audited actor (its name is the token's,
 * recorded as creator and owner) and whether it may change anyone's verdicts (an admin, or the CLI
 * beside a stopped server, whose user already controls the data directory).
 */
public record Editor(Actor actor, boolean admin) {
    public Editor {
        java.util.Objects.requireNonNull(actor, "actor");
    }

    public String name() {
        return actor.name();
    }
}
