package dev.outpost.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.outpost.reputation.InvalidInputException;
import dev.outpost.security.Roles;

/** The audit log for administrators (issue 14, docs/audit.md): read it page by page, verify it. */
@Path("/api/v1/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "Audit log", description = "The tamper-evident audit log (admin)")
@SecurityRequirement(name = "token")
public class AuditResource {
    private final AuditService service;
    private final AuditVerifier verifier;

    public AuditResource(AuditService service, AuditVerifier verifier) {
        this.service = service;
        this.verifier = verifier;
    }

    @GET
    @Operation(summary = "One page of the audit log, newest entry first, optionally filtered")
    public List<AuditEntryView> list(
            @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") @Parameter(description = "1 to 1000") int size,
            @QueryParam("action") @Parameter(description = "only this action, e.g. import") String action,
            @QueryParam("actor") @Parameter(description = "only this actor, e.g. system") String actor,
            @QueryParam("since") @Parameter(description = "ISO-8601 instant, inclusive") String since,
            @QueryParam("until") @Parameter(description = "ISO-8601 instant, exclusive") String until) {
        return service.page(
                new AuditQuery(page, size, action, actor, instant("since", since), instant("until", until)));
    }

    @GET
    @Path("/verify")
    @Operation(summary = "Check the whole chain; name the first broken entry and why")
    public AuditVerificationView verify() {
        return AuditVerificationView.of(verifier.verify());
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(
                    "invalid-request", name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z", value);
        }
    }
}
