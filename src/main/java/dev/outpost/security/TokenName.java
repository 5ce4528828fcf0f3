package dev.outpost.security;

/** The names tokens may have: short, printable, safe in logs, audit entries and file names. */
final class TokenName {
    static final String PATTERN = "[A-Za-z0-9._@-]{1,64}";

    private TokenName() {}
}
