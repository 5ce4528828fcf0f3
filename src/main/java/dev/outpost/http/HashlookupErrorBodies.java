package dev.outpost.http;

import java.lang.annotation.Annotation;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Under {@value CompatibleAnswers#HASHLOOKUP_ROOT}, every error is CIRCL's {@code {"message":
 * "..."}}, the body Flask-RESTX gives each of hashlookup-server's errors (interop.md 1.2), whatever
 * raised it: bad input, a bulk request over the limit, no active dataset, a missing or wrong token,
 * a path or method the API does not have. {@link ProblemMapper} chooses the status and the words as
 * for any endpoint; this only changes the shape of the body, after the mapper, so that the status of
 * an error is still chosen in one place. The one exception is a body refused before routing (too
 * large, too slow: {@link HttpGuard}), which keeps its problem: JSON too, so PyHashlookup's
 * {@code r.json()} reads it either way.
 */
public class HashlookupErrorBodies {
    private static final MediaType PROBLEM = MediaType.valueOf(Problem.MEDIA_TYPE);

    @ServerResponseFilter
    public void asCirclMessage(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400
                || response.getMediaType() == null
                || !PROBLEM.isCompatible(response.getMediaType())
                || !CompatibleAnswers.isUnder(request.getUriInfo().getPath(), CompatibleAnswers.HASHLOOKUP_ROOT)) {
            return;
        }
        String type;
        String detail;
        Object entity = response.getEntity();
        if (entity instanceof Problem problem) {
            type = problem.type();
            detail = problem.detail();
        } else if (entity instanceof Map<?, ?> problem) {
            type = String.valueOf(problem.get("type"));
            detail = String.valueOf(problem.get("detail"));
        } else {
            return;
        }
        String message =
                switch (type.substring(type.lastIndexOf(':') + 1)) {
                    case "not-found" -> CompatibleAnswers.CIRCL_NOT_FOUND;
                    case "method-not-allowed" -> CompatibleAnswers.CIRCL_METHOD_NOT_ALLOWED;
                    default -> detail;
                };
        response.setEntity(Map.of("message", message), new Annotation[0], MediaType.APPLICATION_JSON_TYPE);
    }
}
