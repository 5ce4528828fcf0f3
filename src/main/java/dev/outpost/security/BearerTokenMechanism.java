package dev.outpost.security;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the credential of a request: {@code Authorization: Bearer <token>}; under {@code /opentip/}
 * also {@code x-api-key: <token>}, the header Kaspersky OpenTIP's clients send their key in
 * (interop.md 2, docs/opentip.md); or else a client certificate verified by the TLS handshake
 * ({@link ClientCertificateIdentityProvider}). No credential is no identity (anonymous), which
 * only open lookups accept; a credential that is not valid fails the request with 401 wherever it
 * is sent, so that a client learns at once that its token is wrong. Authentication is not
 * proactive ({@code quarkus.http.auth.proactive=false}): open lookups never pay for it.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {
    static final String SCHEME = "Bearer";
    /** RFC 9110 section 11.6.1: a 401 names the scheme that would be accepted. */
    static final String CHALLENGE = "Bearer realm=\"outpost\"";
    /** Above {@code MtlsAuthenticationMechanism.INCLUSIVE_AUTHENTICATION_PRIORITY} (3000). */
    static final int PRIORITY = 4000;
    /** OpenTIP's key header (its docs spell it X-API-KEY; header names are case-insensitive). */
    static final String API_KEY = "x-api-key";
    /**
     * Where {@link #API_KEY} is read: the OpenTIP compatible endpoints only, whose clients can send no
     * other header. Elsewhere it is ignored, so that a client has one way to send a token. With open
     * lookups it is not read at all ({@link LookupAccessFilter} authenticates only a request that
     * sends {@code Authorization}): OpenTIP's clients always send a key, their Kaspersky one, which
     * this appliance would refuse.
     */
    static final String API_KEY_PATHS = "/opentip/";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            // A verified client certificate comes before x-api-key: OpenTIP clients send their Kaspersky
            // key whatever the appliance wants, and under mtls that key must not displace the
            // certificate (and fail every request with 401).
            X509Certificate certificate = clientCertificate(context);
            String apiKey = certificate == null ? apiKey(context) : null;
            if (apiKey != null) {
                return token(apiKey, context, identities);
            }
            if (certificate == null) {
                return Uni.createFrom().optional(Optional.empty());
            }
            return identities.authenticate(
                    HttpSecurityUtils.setRoutingContextAttribute(new ClientCertificateRequest(certificate), context));
        }
        String token = authorization.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)
                ? authorization.substring(SCHEME.length() + 1).strip()
                : "";
        return token(token, context, identities);
    }

    private static Uni<SecurityIdentity> token(
            String token, RoutingContext context, IdentityProviderManager identities) {
        AuthenticationRequest request = new TokenAuthenticationRequest(new TokenCredential(token, SCHEME));
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
    }

    /** The {@code x-api-key} of a request under {@link #API_KEY_PATHS}, stripped; else null. */
    private static String apiKey(RoutingContext context) {
        String key = context.request().getHeader(API_KEY);
        if (key == null || !context.normalizedPath().startsWith(API_KEY_PATHS)) {
            return null;
        }
        return key.strip();
    }

    /** The client's certificate if the TLS handshake asked for one and verified it; else null. */
    private static X509Certificate clientCertificate(RoutingContext context) {
        if (!context.request().isSSL()) {
            return null;
        }
        try {
            List<Certificate> chain = context.request().connection().peerCertificates();
            return chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate first) ? null : first;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /**
     * Ahead of Quarkus's own client-certificate mechanism, which {@code quarkus.http.ssl.client-auth}
     * switches on: that one would make an identity without roles from the same certificate, and the
     * first identity made wins.
     */
    @Override
    public int getPriority() {
        return PRIORITY;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", CHALLENGE));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class, ClientCertificateRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom()
                .item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME.toLowerCase()));
    }
}
