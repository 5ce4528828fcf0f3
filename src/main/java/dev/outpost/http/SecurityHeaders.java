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
    /**
     * The operators' console (issue 15, ADR 0018): its own scripts and styles only, no inline script
     * or style attribute, no eval, its own API only, never framed, forms posting nowhere else.
     */
    static final String CONSOLE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static final String SWAGGER_UI = "/q/swagger-ui";
    private static final String CONSOLE = "/console";
    private static final String CONSOLE_ASSETS = "/console/assets/";

    private SecurityHeaders() {}

    static void add(RoutingContext rc) {
        MultiMap headers = rc.response().headers();
        String path = rc.normalizedPath();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", policy(path));
        // Quarkus's static handler marks files immutable for a day: a console upgraded in place
        // would then run yesterday's scripts against today's API, so revalidation is forced.
        if (!headers.contains("Cache-Control") || path.startsWith(CONSOLE_ASSETS)) {
            headers.set("Cache-Control", cacheControl(path));
        }
    }

    static String policy(String path) {
        if (path.startsWith(SWAGGER_UI)) {
            return SWAGGER_UI_POLICY;
        }
        return isConsole(path) ? CONSOLE_POLICY : API_POLICY;
    }

    private static boolean isConsole(String path) {
        return path.equals(CONSOLE) || path.startsWith(CONSOLE + "/");
    }

    /**
     * Documentation and the console's scripts and styles may be kept by a browser but revalidated (an
     * upgrade must reach every browser at once); everything else, console pages included, is never
     * stored.
     */
    static String cacheControl(String path) {
        return path.startsWith(SWAGGER_UI) || path.startsWith("/q/openapi") || path.startsWith(CONSOLE_ASSETS)
                ? "no-cache"
                : "no-store";
    }
}
