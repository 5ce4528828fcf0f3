package dev.outpost.export;

import java.util.Locale;

import dev.outpost.reputation.InvalidInputException;

/**
 * The policy actions the RPZ export writes, as the RDATA of a {@code CNAME} (draft-vixie-dnsop-dns-rpz
 * §4, interop.md §3.4). BIND and Unbound both implement each of them.
 */
public enum RpzAction {
    /** {@code CNAME .}: the name does not exist. The default for listed names and ranges. */
    NXDOMAIN("."),
    /** {@code CNAME *.}: the name exists but has no data of the asked type. */
    NODATA("*."),
    /** {@code CNAME rpz-drop.}: no answer at all; the client times out. */
    DROP("rpz-drop."),
    /** {@code CNAME rpz-passthru.}: answer normally; how a local TRUSTED or CLEAN verdict is written. */
    PASSTHRU("rpz-passthru.");

    private final String target;

    RpzAction(String target) {
        this.target = target;
    }

    /** The CNAME target that encodes this action. */
    public String target() {
        return target;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** An action an operator may choose for listed names: {@code nxdomain}, {@code nodata} or {@code drop}. */
    public static RpzAction ofListing(String text) {
        for (RpzAction action : new RpzAction[] {NXDOMAIN, NODATA, DROP}) {
            if (action.id().equals(text)) {
                return action;
            }
        }
        throw new InvalidInputException("invalid-export-option", "action must be nxdomain, nodata or drop", text);
    }
}
