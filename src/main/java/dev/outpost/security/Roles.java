package dev.outpost.security;

/**
 * The roles a caller can hold (issue 14). Each token has one role; holding a role grants the roles
 * below it, so that an admin can do what an operator can, and an operator what a LAN client can:
 *
 * <ul>
 *   <li>{@link #ADMIN}: tokens, settings, the audit log; also everything an operator may do;
 *   <li>{@link #OPERATOR}: imports and local verdicts; also lookups;
 *   <li>{@link #LOOKUP}: lookups, when {@code outpost.security.lookups} requires a credential;
 *   <li>{@link #SUBMITTER}: machines (sandboxes, EDR systems) that submit verdicts in bulk; nothing
 *       else, so that a compromised sandbox cannot read or change anything beyond its own verdicts.
 * </ul>
 */
public final class Roles {
    public static final String LOOKUP = "lookup";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";
    public static final String SUBMITTER = "submitter";

    private Roles() {}
}
