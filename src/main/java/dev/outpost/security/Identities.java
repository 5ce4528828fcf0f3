package dev.outpost.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/** Identities built from grants; the grant rides along for the audit log and token rules. */
final class Identities {
    static final String GRANT = "outpost.grant";

    private Identities() {}

    static SecurityIdentity of(Grant grant) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(grant::name)
                .addRoles(RoleSet.granted(grant.role()))
                .addAttribute(GRANT, grant)
                .build();
    }

    static Grant grantOf(SecurityIdentity identity) {
        return identity.getAttribute(GRANT);
    }
}
