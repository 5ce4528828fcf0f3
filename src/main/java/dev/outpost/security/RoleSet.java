package dev.outpost.security;

import java.util.List;
import java.util.Set;

/** What holding a role grants (see {@link Roles}): a role and every role below it. */
final class RoleSet {
    static final List<String> NAMES = List.of(Roles.LOOKUP, Roles.OPERATOR, Roles.ADMIN, Roles.SUBMITTER);

    private RoleSet() {}

    static boolean isRole(String role) {
        return NAMES.contains(role);
    }

    static Set<String> granted(String role) {
        switch (role) {
            case Roles.ADMIN:
                return Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.LOOKUP);
            case Roles.OPERATOR:
                return Set.of(Roles.OPERATOR, Roles.LOOKUP);
            case Roles.LOOKUP:
                return Set.of(Roles.LOOKUP);
            case Roles.SUBMITTER:
                return Set.of(Roles.SUBMITTER);
            default:
                throw new IllegalArgumentException("unknown role " + role);
        }
    }
}
