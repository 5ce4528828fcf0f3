package dev.outpost.local;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import dev.outpost.io.JsonBody;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.security.Roles;

/**
 * The operator API for local verdicts (ADR 0009): list, create, read and delete. Every method needs
 * an operator token; the lookups answer from the new state as soon as a write returns.
 */
@Path("/api/v1/local-verdicts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
@SecurityScheme(
        securitySchemeName = "operator-token",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "An operator token from `outpost operator-token`, admitted by outpost.operator.tokens")
@SecurityRequirement(name = "operator-token")
public class LocalVerdictResource {
    static final int MAX_PAGE_SIZE = 1000;

    private final LocalVerdicts verdicts;

    public LocalVerdictResource(LocalVerdicts verdicts) {
        this.verdicts = verdicts;
    }

    @GET
    public List<LocalVerdictView> list(
            @QueryParam("kind") String kind,
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        // The database addresses rows with an int offset: page * size must fit (issue 11 item 17).
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE || (long) page * size > Integer.MAX_VALUE) {
            throw new InvalidInputException(
                    "invalid-request",
                    "page must be 0 or more, size 1 to " + MAX_PAGE_SIZE + ", and page * size at most "
                            + Integer.MAX_VALUE,
                    null);
        }
        return verdicts.page(kind == null ? null : LocalKind.of(kind), page, size).stream()
                .map(LocalVerdictView::of)
                .toList();
    }

    @POST
    @JsonBody("{\"kind\": \"url|domain|ip|file|certificate\", \"value\": \"...\", \"verdict\": \"MALWARE|...\","
            + " \"threatName\": \"... (optional)\", \"comment\": \"... (optional)\"}")
    public Response create(LocalVerdictRequest request, @Context SecurityContext security) {
        if (request == null) {
            throw new InvalidInputException(
                    "invalid-local-verdict", "request body needs kind, value and verdict", null);
        }
        LocalVerdict created = verdicts.add(request, security.getUserPrincipal().getName());
        verdicts.reload();
        return Response.created(URI.create("/api/v1/local-verdicts/" + created.id))
                .entity(LocalVerdictView.of(created))
                .build();
    }

    @GET
    @Path("/{id}")
    public LocalVerdictView get(@PathParam("id") long id) {
        return LocalVerdictView.of(verdicts.get(id));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") long id, @Context SecurityContext security) {
        verdicts.remove(id, security.getUserPrincipal().getName());
        verdicts.reload();
        return Response.noContent().build();
    }
}
