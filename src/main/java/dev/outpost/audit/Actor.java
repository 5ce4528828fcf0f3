package dev.outpost.audit;

import dev.outpost.reputation.InvalidInputException;

/**
 * Who did something the audit log records, and from which address: a token's name and the client
 * address of its request, or the appliance itself (the inbox, a scheduled job, start-up) with no
 * address.
 */
public record Actor(String name, String address) {
    public static final String SYSTEM_NAME = "system";

    public Actor {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new InvalidInputException(
                    "invalid-actor", "an audited actor needs a name of 1 to 128 characters", name);
        }
        if (address != null && address.length() > 64) {
            throw new InvalidInputException("invalid-actor", "an address is at most 64 characters", address);
        }
    }

    /** The appliance acting on its own (inbox scan, scheduled purge, start-up). */
    public static Actor system() {
        return new Actor(SYSTEM_NAME, null);
    }

    /** A command-line tool run on the appliance's host by {@code user}. */
    public static Actor cli(String user) {
        return new Actor("cli:" + (user == null || user.isBlank() ? "unknown" : user), null);
    }
}
