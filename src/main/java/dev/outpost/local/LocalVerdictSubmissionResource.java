package dev.outpost.local;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import dev.outpost.io.JsonBody;
import dev.outpost.security.Caller;
import dev.outpost.security.Roles;

/**
 * Where machines (sandboxes, EDR systems) submit verdicts in bulk (issue 14): a submitter token, or
 * an admin's. Rate-limited per token; never overrides a person's verdict ({@link Submissions}).
 */
@Path("/api/v1/local-verdicts/submissions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SUBMITTER, Roles.ADMIN})
@SecurityScheme(
        securitySchemeName = "submitter-token",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "A submitter token (a machine's), or an admin token")
@SecurityRequirement(name = "submitter-token")
public class LocalVerdictSubmissionResource {
    private final Submissions submissions;
    private final LocalVerdicts verdicts;
    private final Caller caller;

    public LocalVerdictSubmissionResource(Submissions submissions, LocalVerdicts verdicts, Caller caller) {
        this.submissions = submissions;
        this.verdicts = verdicts;
        this.caller = caller;
    }

    @POST
    @JsonBody("{\"items\": [{\"kind\", \"value\", \"verdict\", \"threatName\"?, \"expiresAt\"?}, ...]}")
    public Submissions.Result submit(Submissions.Request request) {
        // A submitter never changes a person's verdict, so it needs no admin authority in any case.
        Submissions.Result result = submissions.submit(request, new Editor(caller.actor(), false));
        if (result.created() + result.updated() > 0) {
            verdicts.reload();
        }
        return result;
    }
}
