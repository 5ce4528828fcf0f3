package dev.outpost.security;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * Lookups are open on the LAN unless {@code outpost.security.lookups} says otherwise (issue 14). Every
 * endpoint that declares no role of its own is a lookup: deny by default, so that a new endpoint
 * without {@code @RolesAllowed} is protected as a lookup, never left open by mistake. With
 * {@code token}, a lookup needs a token whose role grants {@link Roles#LOOKUP}; with {@code mtls}, a
 * client certificate the TLS handshake verified, or such a token (the console and operators' tools
 * use their tokens). Open lookups without a credential cost one comparison here and no
 * authentication at all.
 */
public class LookupAccessFilter {
    private static final Uni<Response> PROCEED = Uni.createFrom().nullItem();

    private final SecurityConfig.LookupAccess access;
    private final CurrentIdentityAssociation identities;

    @Inject
    public LookupAccessFilter(SecurityConfig config, CurrentIdentityAssociation identities) {
        this.access = config.lookups();
        this.identities = identities;
    }

    @ServerRequestFilter
    public Uni<Response> requireLookupAccess(ResourceInfo resource, HttpHeaders headers) {
        if (declaresItsOwnAccess(resource)) {
            return PROCEED;
        }
        if (access == SecurityConfig.LookupAccess.OPEN) {
            // Open lookups need no credential, but one that is sent must be valid: a client with a
            // wrong, expired or revoked token learns it at once rather than when lookups close.
            return headers.getHeaderString(HttpHeaders.AUTHORIZATION) == null
                    ? PROCEED
                    : identities.getDeferredIdentity().replaceWith(PROCEED);
        }
        return identities.getDeferredIdentity().map(identity -> {
            if (identity.hasRole(Roles.LOOKUP)) {
                return null;
            }
            if (identity.isAnonymous()) {
                throw new UnauthorizedException();
            }
            throw new ForbiddenException();
        });
    }

    private static boolean declaresItsOwnAccess(ResourceInfo resource) {
        var method = resource.getResourceMethod();
        var type = resource.getResourceClass();
        return method == null
                || method.isAnnotationPresent(RolesAllowed.class)
                || method.isAnnotationPresent(PermitAll.class)
                || (type != null
                        && (type.isAnnotationPresent(RolesAllowed.class) || type.isAnnotationPresent(PermitAll.class)));
    }
}
