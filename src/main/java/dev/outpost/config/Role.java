package dev.outpost.config;

/** What a booted process is for ({@code outpost.role}, written in lower case); ADR 0004. */
public enum Role {
    /** The appliance: scans the inbox and imports the demo bundle (demo profile). */
    SERVE,
    /** {@code outpost import}: boots only to run one import, so no server-only work starts. */
    CLI
}
