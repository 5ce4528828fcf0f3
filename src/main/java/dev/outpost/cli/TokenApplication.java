package dev.outpost.cli;

import java.io.PrintStream;
import java.time.Instant;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.quarkus.runtime.QuarkusApplication;

import dev.outpost.audit.Actor;
import dev.outpost.reputation.OutpostException;
import dev.outpost.security.ApiTokens;
import dev.outpost.security.TokenView;

/**
 * The application body of {@code outpost token} against a stopped server's data directory: the same
 * service and audit entries as the admin API, the acting user named {@code cli:<user>}. Prints what
 * the admin API would answer.
 */
public class TokenApplication implements QuarkusApplication {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Inject
    ApiTokens tokens;

    @Override
    public int run(String... args) throws Exception {
        PrintStream out = System.out;
        Actor actor = Actor.cli(System.getProperty("user.name"));
        Instant now = Instant.now();
        try {
            switch (args[0]) {
                case "create" -> {
                    Instant expiresAt = args[3].isEmpty() ? null : Instant.parse(args[3]);
                    ApiTokens.Created created = tokens.create(args[1], args[2], expiresAt, actor, now);
                    out.println(JSON.writeValueAsString(TokenView.of(created.row(), now, created.token())));
                }
                case "list" -> {
                    for (var row : tokens.all()) {
                        out.println(JSON.writeValueAsString(TokenView.of(row, now, null)));
                    }
                }
                case "revoke" -> {
                    var row = tokens.revoke(Long.parseLong(args[1]), actor, now);
                    out.println(JSON.writeValueAsString(TokenView.of(row, now, null)));
                }
                default -> throw new IllegalArgumentException(args[0]);
            }
        } catch (OutpostException e) {
            System.err.println("outpost: " + e.detail());
            return 1;
        }
        return 0;
    }
}
