package dev.outpost.security;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who the credential of this request is (issue 15): the console signs in with it, and any client can
 * check a token without trying an operation it may not be allowed. Any valid credential may ask, a
 * submitter's too; nothing secret is answered.
 */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.LOOKUP, Roles.SUBMITTER})
@SecurityRequirement(name = "token")
public class CallerResource {
    private final SecurityIdentity identity;
    private final ApiTokens tokens;

    public CallerResource(SecurityIdentity identity, ApiTokens tokens) {
        this.identity = identity;
        this.tokens = tokens;
    }

    /**
     * {@code role} is the role the credential was given; {@code roles} what it grants (admin ⊇
     * operator ⊇ lookup). {@code expiresAt} is set for an API token with an expiry.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Me(String name, String role, List<String> roles, String credential, Instant expiresAt) {}

    @GET
    @Operation(summary = "The caller's name, role and roles, and the kind and expiry of its credential")
    public Me me() {
        Grant grant = Identities.grantOf(identity);
        Instant expiresAt = grant.tokenId() == null
                ? null
                : tokens.findByIdOptional(grant.tokenId())
                        .map(row -> row.expiresAt)
                        .orElse(null);
        List<String> roles = RoleSet.granted(grant.role()).stream().sorted().toList();
        return new Me(grant.name(), grant.role(), roles, credential(grant.origin()), expiresAt);
    }

    private static String credential(Grant.Origin origin) {
        return switch (origin) {
            case CONFIGURED -> "configured-token";
            case API_TOKEN -> "api-token";
            case BOOTSTRAP -> "bootstrap-token";
            case CLIENT_CERTIFICATE -> "client-certificate";
        };
    }
}
