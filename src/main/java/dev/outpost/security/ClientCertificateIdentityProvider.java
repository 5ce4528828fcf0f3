package dev.outpost.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;

/**
 * A verified client certificate makes a lookup client named {@code cert:<common name>}, as KPSN
 * authenticates its sandbox integration (issue 14). The TLS handshake has already checked the chain
 * against the trust store ({@code quarkus.tls.trust-store.*} with {@code quarkus.http.ssl.client-auth});
 * a certificate grants lookups only: operators and admins use tokens, which can be revoked here.
 */
@ApplicationScoped
public class ClientCertificateIdentityProvider implements IdentityProvider<ClientCertificateRequest> {
    @Override
    public Class<ClientCertificateRequest> getRequestType() {
        return ClientCertificateRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ClientCertificateRequest request, AuthenticationRequestContext context) {
        String commonName =
                HttpSecurityUtils.getCommonName(request.certificate().getSubjectX500Principal());
        String subject = commonName == null
                ? request.certificate().getSubjectX500Principal().getName()
                : commonName;
        String name = "cert:" + subject.replaceAll("[^A-Za-z0-9._@-]", "_");
        name = name.substring(0, Math.min(name.length(), 128));
        return Uni.createFrom()
                .item(Identities.of(new Grant(name, Roles.LOOKUP, Grant.Origin.CLIENT_CERTIFICATE, null)));
    }
}
