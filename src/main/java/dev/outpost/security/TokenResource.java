package dev.outpost.security;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import dev.outpost.io.JsonBody;
import dev.outpost.reputation.InvalidInputException;

/** The admin API for API tokens (issue 14): create (the token shown once), list, revoke. */
@Path("/api/v1/admin/tokens")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityScheme(
        securitySchemeName = "token",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "An API token (POST /api/v1/admin/tokens, `outpost token create`) or a configured one")
@SecurityRequirement(name = "token")
public class TokenResource {
    private final ApiTokens tokens;
    private final BootstrapToken bootstrap;
    private final TokenVerifier verifier;
    private final Caller caller;

    public TokenResource(ApiTokens tokens, BootstrapToken bootstrap, TokenVerifier verifier, Caller caller) {
        this.tokens = tokens;
        this.bootstrap = bootstrap;
        this.verifier = verifier;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Create an API token; the answer's `token` field is the only time it is shown")
    @JsonBody(
            "{\"name\": \"...\", \"role\": \"lookup|operator|admin|submitter\", \"expiresAt\": \"ISO-8601 (optional)\"}")
    public Response create(TokenRequest request) {
        if (request == null) {
            throw new InvalidInputException("invalid-token-request", "request body needs name and role", null);
        }
        Instant now = Instant.now();
        ApiTokens.Created created =
                tokens.create(request.name(), request.role(), request.expiresAt(), caller.actor(), now);
        if (caller.isBootstrap() && Roles.ADMIN.equals(request.role())) {
            bootstrap.retire(caller.actor(), "admin token " + created.row().id + " was created with it", now);
        }
        return Response.created(URI.create("/api/v1/admin/tokens/" + created.row().id))
                .header("Cache-Control", "no-store")
                .entity(TokenView.of(created.row(), now, created.token()))
                .build();
    }

    @GET
    @Operation(summary = "List API tokens (never the tokens themselves), newest first")
    public List<TokenView> list() {
        Instant now = Instant.now();
        return tokens.all().stream().map(row -> TokenView.of(row, now)).toList();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an API token; it stops working at once on this replica, within 5 s on others")
    public Response revoke(@PathParam("id") long id) {
        tokens.revoke(id, caller.actor(), Instant.now());
        verifier.forget(id);
        return Response.noContent().build();
    }
}
