package dev.outpost.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every response (issue 11 item 16). Answers are JSON that no browser should sniff into
 * something else or frame; Swagger UI, the one HTML page, gets a policy that admits only its own
 * scripts and styles (its index page configures itself with an inline script). Lookup answers and
 * probes are never cached: they change with every import and local verdict, and a query can be
 * sensitive.
 */
final class SecurityHeaders {
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
    static final String SWAGGER_UI_POLICY = "default-src 'none'; script-src 'self' 'unsafe-inline';"
            + " style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self';"
            + " form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
    private static final String SWAGGER_UI = "/q/swagger-ui";

    private SecurityHeaders() {}

    static void add(RoutingContext rc) {
        MultiMap headers = rc.response().headers();
        String path = rc.normalizedPath();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", path.startsWith(SWAGGER_UI) ? SWAGGER_UI_POLICY : API_POLICY);
        if (!headers.contains("Cache-Control")) {
            headers.set("Cache-Control", cacheControl(path));
        }
    }

    /** Documentation may be kept by a browser but revalidated; everything else is never stored. */
    static String cacheControl(String path) {
        return path.startsWith(SWAGGER_UI) || path.startsWith("/q/openapi") ? "no-cache" : "no-store";
    }
}
