package dev.outpost.console;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The console's page shells (ADR 0018). A shell holds no data and needs no credential: each page's
 * script signs in with the token the operator gave and calls the same {@code /api/v1} endpoints as
 * every other client, so the console can do nothing the API would refuse. Shells are Qute templates
 * so that the layout, navigation and session limits are written once; they carry no inline script or
 * style, which the console's Content-Security-Policy forbids ({@code http.SecurityHeaders}).
 */
@Path("/console")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {
    private final ConsoleConfig config;

    public ConsoleResource(ConsoleConfig config) {
        this.config = config;
    }

    /** One template per page ({@code templates/console/local-verdicts.html}), each inside {@code layout.html}. */
    @CheckedTemplate(basePath = "console", defaultName = CheckedTemplate.HYPHENATED_ELEMENT_NAME)
    static class Templates {
        static native TemplateInstance overview(Shell shell);

        static native TemplateInstance imports(Shell shell);

        static native TemplateInstance lookup(Shell shell);

        static native TemplateInstance localVerdicts(Shell shell);

        static native TemplateInstance tokens(Shell shell);

        static native TemplateInstance audit(Shell shell);

        static native TemplateInstance signIn(Shell shell);
    }

    /** What every shell shows: the page, the navigation and the session limits its script enforces. */
    public record Shell(ConsolePage page, ConsolePage[] navigation, long idleSeconds, long maxAgeSeconds) {
        /** The idle limit in words for the sign-in page: "15 minutes", "90 seconds". */
        public String idleInWords() {
            return idleSeconds % 60 == 0 ? (idleSeconds / 60) + " minutes" : idleSeconds + " seconds";
        }
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance overview() {
        return Templates.overview(shell(ConsolePage.OVERVIEW));
    }

    @GET
    @Path("/imports")
    @Operation(hidden = true)
    public TemplateInstance imports() {
        return Templates.imports(shell(ConsolePage.IMPORTS));
    }

    @GET
    @Path("/lookup")
    @Operation(hidden = true)
    public TemplateInstance lookup() {
        return Templates.lookup(shell(ConsolePage.LOOKUP));
    }

    @GET
    @Path("/local-verdicts")
    @Operation(hidden = true)
    public TemplateInstance localVerdicts() {
        return Templates.localVerdicts(shell(ConsolePage.LOCAL_VERDICTS));
    }

    @GET
    @Path("/tokens")
    @Operation(hidden = true)
    public TemplateInstance tokens() {
        return Templates.tokens(shell(ConsolePage.TOKENS));
    }

    @GET
    @Path("/audit")
    @Operation(hidden = true)
    public TemplateInstance audit() {
        return Templates.audit(shell(ConsolePage.AUDIT));
    }

    @GET
    @Path("/sign-in")
    @Operation(hidden = true)
    public TemplateInstance signIn() {
        return Templates.signIn(shell(ConsolePage.SIGN_IN));
    }

    private Shell shell(ConsolePage page) {
        if (!config.enabled()) {
            throw new NotFoundException();
        }
        return new Shell(
                page,
                ConsolePage.navigation(),
                config.idleTimeout().toSeconds(),
                config.maxSessionAge().toSeconds());
    }
}
