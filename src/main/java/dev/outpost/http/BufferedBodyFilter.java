package dev.outpost.http;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.netty.buffer.ByteBufInputStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Hands the body that {@link HttpGuard} read on the event loop to the JAX-RS layer, so that its
 * readers parse it from memory and never wait for a client on a worker thread.
 */
public class BufferedBodyFilter {
    @ServerRequestFilter(priority = 1)
    public Response restoreBody(jakarta.ws.rs.container.ContainerRequestContext request, RoutingContext rc) {
        Buffer body = rc.get(HttpGuard.BODY);
        if (body != null) {
            request.setEntityStream(new ByteBufInputStream(body.getByteBuf(), false));
        }
        return null;
    }
}
