package dev.outpost.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns a bearer token into an identity: its name and the roles its role grants ({@link RoleSet}).
 * Token checks may read the database, so they run off the event loop; an address that keeps failing
 * waits first ({@link FailedAuthentications}).
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    private final TokenVerifier verifier;
    private final FailedAuthentications failures;

    public TokenIdentityProvider(TokenVerifier verifier, FailedAuthentications failures) {
        this.verifier = verifier;
        this.failures = failures;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String address = addressOf(request);
        Uni<SecurityIdentity> check = context.runBlocking(() -> {
            Optional<Grant> grant = verifier.verify(request.getToken().getToken());
            if (grant.isEmpty()) {
                failures.failed(address, Instant.now());
                throw new AuthenticationFailedException("token not valid");
            }
            return Identities.of(grant.get());
        });
        Duration delay = failures.delayFor(address, Instant.now());
        return delay.isZero()
                ? check
                : Uni.createFrom().voidItem().onItem().delayIt().by(delay).chain(() -> check);
    }

    private static String addressOf(TokenAuthenticationRequest request) {
        RoutingContext context = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (context == null || context.request().remoteAddress() == null) {
            return null;
        }
        return context.request().remoteAddress().hostAddress();
    }
}
