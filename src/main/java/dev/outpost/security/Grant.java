package dev.outpost.security;

/**
 * What a verified credential grants: the caller's name, its role, and where the credential came from
 * (a configured token, an API token with its id, the bootstrap token, a client certificate).
 */
record Grant(String name, String role, Origin origin, Long tokenId) {
    enum Origin {
        CONFIGURED,
        API_TOKEN,
        BOOTSTRAP,
        CLIENT_CERTIFICATE
    }

    Grant {
        if (name == null || !RoleSet.isRole(role) || origin == null) {
            throw new IllegalArgumentException("a grant needs a name, a known role and an origin");
        }
    }
}
