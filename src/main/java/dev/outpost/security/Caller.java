package dev.outpost.security;

import jakarta.enterprise.context.RequestScoped;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;

import dev.outpost.audit.Actor;

/**
 * The caller of the current request as the audit log names it: the authenticated token's name (or
 * {@code anonymous}) and the client's address as this appliance saw the connection. Forwarded-for
 * headers are not trusted: a client would choose its own address.
 */
@RequestScoped
public class Caller {
    private final SecurityIdentity identity;
    private final CurrentVertxRequest request;

    public Caller(SecurityIdentity identity, CurrentVertxRequest request) {
        this.identity = identity;
        this.request = request;
    }

    public Actor actor() {
        String name =
                identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
        return new Actor(name, address());
    }

    /** The authenticated token's name; only for endpoints that require authentication. */
    public String name() {
        return identity.getPrincipal().getName();
    }

    /** Whether the caller authenticated with the one-time bootstrap token. */
    boolean isBootstrap() {
        Grant grant = identity.isAnonymous() ? null : Identities.grantOf(identity);
        return grant != null && grant.origin() == Grant.Origin.BOOTSTRAP;
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    /** The client's address, or null outside an HTTP request. */
    public String address() {
        var current = request.getCurrent();
        if (current == null || current.request().remoteAddress() == null) {
            return null;
        }
        return current.request().remoteAddress().hostAddress();
    }
}
