package dev.outpost.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The statuses of the compatible front ends (issue 16): CIRCL hashlookup under {@value
 * #HASHLOOKUP_ROOT} (docs/hashlookup.md) and Kaspersky OpenTIP under {@value #OPENTIP_ROOT}
 * (docs/opentip.md). They write their own bodies, but the choice of an error status stays in this
 * package, as for every front end (ADR 0014). Errors raised as exceptions (bad input, no dataset,
 * too many items, 401, 403) keep the status {@link ProblemMapper} gives them; these are the answers
 * that Outpost's own API gives with 200 and the peers do not: a miss, and CIRCL's switched-off
 * features.
 */
public final class CompatibleAnswers {
    /** Where the CIRCL hashlookup compatible endpoints live. */
    public static final String HASHLOOKUP_ROOT = "/hashlookup";
    /** Where the Kaspersky OpenTIP compatible endpoints live. */
    public static final String OPENTIP_ROOT = "/opentip";

    /**
     * Werkzeug's description of a 404, which Flask-RESTX sends as the message of every path that
     * hashlookup-server does not have.
     */
    public static final String CIRCL_NOT_FOUND = "The requested URL was not found on the server. If you entered the"
            + " URL manually please check your spelling and try again.";
    /** Werkzeug's description of a 405. */
    public static final String CIRCL_METHOD_NOT_ALLOWED = "The method is not allowed for the requested URL.";

    private CompatibleAnswers() {}

    /** What a compatible front end answers where the native API would answer 200 or has no path. */
    public enum Answer {
        /**
         * Nothing is known about the object. CIRCL answers {@code 404 {"message": "Non existing
         * MD5", ...}} (hashlookup-server bin/server.py, interop.md 1.2); OpenTIP answers 404
         * ("requested object lookup results not found", OpenTIP-scanner src/opentip/client.py,
         * interop.md 2).
         */
        NOT_FOUND(404),
        /** CIRCL's bulk body without its {@code hashes} array: 404, as hashlookup-server answers it. */
        NO_HASHES_ARRAY(404),
        /** CIRCL's {@code stats/top} while public statistics are off, as Outpost's always are: 400. */
        STATISTICS_OFF(400),
        /** CIRCL's {@code parents} or {@code children} of a SHA-1 without any (Outpost keeps none): 404. */
        NO_RELATIVES(404),
        /** CIRCL's {@code session/*} with a name over 120 characters: 400. */
        BAD_SESSION_NAME(400),
        /** CIRCL's {@code session/*} while sessions are off, as Outpost's always are: 500, as CIRCL answers. */
        SESSIONS_OFF(500),
        /** A path under a compatible front end that names none of its operations: 404. */
        NO_SUCH_OPERATION(404);

        private final int status;

        Answer(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** {@code body}, already JSON, with the status of {@code answer}. */
    public static Response json(Answer answer, byte[] body) {
        return Response.status(answer.status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }

    /**
     * A problem (RFC 9457) with the status of {@code answer}: OpenTIP documents no error bodies
     * (interop.md 2, NOT FOUND), so its front end answers with Outpost's own.
     */
    public static Response problem(Answer answer, String slug, String detail, String input) {
        return Response.status(answer.status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(slug, answer.status, detail, input))
                .build();
    }

    /** Whether a request path (as JAX-RS gives it, from the root) is under {@code root}. */
    static boolean isUnder(String path, String root) {
        return path != null
                && path.startsWith(root)
                && (path.length() == root.length() || path.charAt(root.length()) == '/');
    }
}
