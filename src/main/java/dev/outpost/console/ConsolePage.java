package dev.outpost.console;

import java.util.Objects;

/**
 * One page of the console: its path below {@code /console/}, its title, and the least role that may
 * use it. The role only chooses what the page offers; the API it calls decides what is allowed.
 */
public enum ConsolePage {
    OVERVIEW("", "Overview", "operator"),
    IMPORTS("imports", "Imports", "operator"),
    LOOKUP("lookup", "Lookup", "lookup"),
    LOCAL_VERDICTS("local-verdicts", "Local verdicts", "operator"),
    TOKENS("tokens", "Tokens", "admin"),
    AUDIT("audit", "Audit", "admin"),
    SIGN_IN("sign-in", "Sign in", null);

    private final String path;
    private final String title;
    private final String role;

    ConsolePage(String path, String title, String role) {
        this.path = Objects.requireNonNull(path);
        this.title = title;
        this.role = role;
    }

    /** The page's name in templates, scripts and tests: {@code overview}, {@code local-verdicts}. */
    public String id() {
        return this == OVERVIEW ? "overview" : path;
    }

    public String href() {
        return "/console/" + path;
    }

    public String title() {
        return title;
    }

    /** The least role the page is for; null for the sign-in page. */
    public String role() {
        return role;
    }

    /** The pages in the navigation, in order. */
    public static ConsolePage[] navigation() {
        return new ConsolePage[] {OVERVIEW, IMPORTS, LOOKUP, LOCAL_VERDICTS, TOKENS, AUDIT};
    }
}
