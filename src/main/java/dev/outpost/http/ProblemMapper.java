package dev.outpost.http;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

import dev.outpost.bundle.importing.ImportException;
import dev.outpost.export.ExportBusyException;
import dev.outpost.io.JsonBody;
import dev.outpost.local.LocalVerdictException;
import dev.outpost.lookup.NoDatasetException;
import dev.outpost.lookup.TooManyItemsException;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.OutpostException;
import dev.outpost.security.TokenException;

/**
 * The one place where exceptions become HTTP responses: every error is problem+json, never a stack
 * trace or a class name. Statuses are looked up in {@link #STATUS}; the most specific class wins.
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    private static final Map<Class<? extends OutpostException>, Integer> STATUS = Map.ofEntries(
            Map.entry(InvalidInputException.class, 400),
            Map.entry(TooManyItemsException.class, 400),
            Map.entry(LocalVerdictException.NotYours.class, 403),
            Map.entry(LocalVerdictException.NotFound.class, 404),
            Map.entry(LocalVerdictException.Exists.class, 409),
            Map.entry(LocalVerdictException.Conflict.class, 409),
            Map.entry(LocalVerdictException.BatchTooLarge.class, 413),
            Map.entry(LocalVerdictException.UnsupportedFormat.class, 415),
            Map.entry(LocalVerdictException.RateLimited.class, 429),
            Map.entry(TokenException.NotFound.class, 404),
            Map.entry(TokenException.NameTaken.class, 409),
            Map.entry(NoDatasetException.class, 503),
            Map.entry(ImportException.NotFound.class, 404),
            Map.entry(ImportException.Unreadable.class, 400),
            Map.entry(ImportException.TimedOut.class, 408),
            Map.entry(ImportException.TooLarge.class, 413),
            Map.entry(ImportException.UnsupportedType.class, 415),
            Map.entry(ImportException.Busy.class, 503),
            Map.entry(ExportBusyException.class, 503),
            Map.entry(ImportException.InsufficientSpace.class, 507));

    /** Server-side statuses that are an answer for the client, not an incident to log. */
    private static final Set<Class<? extends OutpostException>> ANSWERS = Set.of(
            NoDatasetException.class,
            ImportException.Busy.class,
            ExportBusyException.class,
            ImportException.InsufficientSpace.class);

    @ServerExceptionMapper
    public Response outpost(OutpostException e) {
        int status = statusOf(e.getClass());
        if (status >= 500 && !ANSWERS.contains(e.getClass())) {
            return internal(e);
        }
        String input = e instanceof InvalidInputException invalid ? invalid.input() : null;
        Problem problem = Problem.of(e.problemType(), status, e.detail(), input);
        Response response = e.extensions().isEmpty() ? respond(problem) : respond(problem, e.extensions());
        if (e.retryAfter() != null) {
            // RFC 9110 section 10.2.3: whole seconds, at least one.
            response.getHeaders()
                    .add(
                            "Retry-After",
                            String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
        }
        return response;
    }

    /** A credential was sent and is not valid (unknown, expired, revoked, or not a token at all). */
    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e) {
        return challenge("the token is not valid: unknown, expired or revoked; send a valid one as"
                + " Authorization: Bearer <token>");
    }

    /** No credential was sent to an endpoint that needs one. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return challenge("this endpoint needs a token: Authorization: Bearer <token>");
    }

    /** A valid credential whose role does not allow the call. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(
                "forbidden", 403, "this token's role does not allow this call (roles: docs/security.md)", null));
    }

    private static Response challenge(String detail) {
        Response response = respond(Problem.of("unauthorized", 401, detail, null));
        // RFC 9110 section 11.6.1: a 401 names the scheme that would be accepted.
        response.getHeaders().add("WWW-Authenticate", "Bearer realm=\"outpost\"");
        return response;
    }

    /**
     * A body that is not JSON, or not JSON of the endpoint's shape. Jackson's own message names Java
     * types; the client gets the shape that the called method declares ({@link JsonBody}) instead.
     */
    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, ResourceInfo resource) {
        OutpostException validation = outpostCause(e);
        if (validation != null) {
            return outpost(validation);
        }
        JsonLocation location = e.getLocation();
        String where =
                location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return respond(
                Problem.of("malformed-request", 400, "request body must be " + expectedBody(resource) + where, null));
    }

    /** Quarkus ships its own mapper for this subtype; this one replaces it for a problem body. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, ResourceInfo resource) {
        return malformedJson(e, resource);
    }

    /** The body the called method reads, in the words of its {@link JsonBody}. */
    private static String expectedBody(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        JsonBody body = method == null ? null : method.getAnnotation(JsonBody.class);
        return body == null ? "the JSON this endpoint documents (see /q/openapi)" : "JSON of the form " + body.value();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, ResourceInfo resource) {
        OutpostException validation = outpostCause(e);
        if (validation != null) {
            return outpost(validation);
        }
        if (e.getResponse().getStatus() == 400 && e.getCause() instanceof JsonProcessingException json) {
            // Quarkus wraps a body that does not parse as JSON in a bare 400: the same fault as JSON
            // of the wrong shape, and the client needs the same answer.
            return malformedJson(json, resource);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e);
        }
        String slug =
                switch (status) {
                    case 404 -> "not-found";
                    case 405 -> "method-not-allowed";
                    case 406 -> "not-acceptable";
                    case 413 -> "request-too-large";
                    case 415 -> "unsupported-media-type";
                    default -> "bad-request";
                };
        String detail =
                switch (status) {
                    case 404 -> "no such resource; the API lives under /api/v1 (see /q/openapi)";
                    case 415 ->
                        "this endpoint does not take a body of this Content-Type: JSON endpoints take"
                                + " application/json, bundle uploads application/octet-stream (see /q/openapi)";
                    default -> e.getResponse().getStatusInfo().getReasonPhrase();
                };
        return respond(Problem.of(slug, status, detail, null));
    }

    /**
     * Reading a request body fails when the client goes away mid-upload, as load generators and
     * impatient clients do. That is not the server's fault, so it is no incident. Any other I/O error
     * is.
     */
    @ServerExceptionMapper
    public Response io(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClosedChannelException) {
                LOG.debugf("Client closed the connection before its request was read: %s", e.getMessage());
                return respond(
                        Problem.of("request-unreadable", 400, "the request body could not be read to its end", null));
            }
        }
        return internal(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        return internal(e);
    }

    /**
     * A validating request record refuses its input while Jackson builds it, and the framework wraps
     * that refusal: the client gets the record's own problem, not a generic one.
     */
    private static OutpostException outpostCause(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof OutpostException outpost) {
                return outpost;
            }
        }
        return null;
    }

    private static Response internal(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Internal error, incident %s", incident);
        return respond(
                Problem.of("internal-error", 500, "internal error; the server log has incident " + incident, null));
    }

    private static int statusOf(Class<?> type) {
        for (Class<?> c = type; c != null && OutpostException.class.isAssignableFrom(c); c = c.getSuperclass()) {
            Integer status = STATUS.get(c);
            if (status != null) {
                return status;
            }
        }
        return 500;
    }

    /** A problem with RFC 9457 extension members after its standard ones (they cannot replace them). */
    private static Response respond(Problem problem, Map<String, Object> extensions) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        if (problem.input() != null) {
            body.put("input", problem.input());
        }
        extensions.forEach(body::putIfAbsent);
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(body)
                .build();
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }
}
