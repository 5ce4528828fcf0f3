package dev.outpost.security;

import java.time.Instant;

/** The body of {@code POST /api/v1/admin/tokens}; checked by {@link ApiTokens#create}. */
public record TokenRequest(String name, String role, Instant expiresAt) {}
