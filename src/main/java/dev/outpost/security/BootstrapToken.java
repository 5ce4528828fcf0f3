package dev.outpost.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import dev.outpost.audit.Actor;
import dev.outpost.config.CoreConfig;
import dev.outpost.config.DataDirectory;
import dev.outpost.config.Role;

/**
 * No default credentials (issue 14): on a start with no admin token, the appliance writes a one-time
 * admin token to {@code <data-dir>/bootstrap-admin.token}, readable only by its own user, and logs
 * where it is, never the token. Whoever can read that file is trusted to be the appliance's
 * administrator. Once an admin token has been created with it, it is revoked and the file removed;
 * it also goes once any admin token exists (made through the CLI, or configured).
 *
 * <p>Replicas sharing a database share the bootstrap token: the first to start writes the file into
 * its own data directory and the others log which host has it. A host whose own file was lost (a
 * crash between storing the digest and writing the file) issues a new one at its next start.
 */
@ApplicationScoped
public class BootstrapToken {
    private static final Logger LOG = Logger.getLogger(BootstrapToken.class);

    private final ApiTokens tokens;
    private final ConfiguredTokens configured;
    private final TokenVerifier verifier;
    private final Path file;
    private final boolean serving;

    public BootstrapToken(
            ApiTokens tokens,
            ConfiguredTokens configured,
            TokenVerifier verifier,
            DataDirectory directories,
            CoreConfig core) {
        this.tokens = tokens;
        this.configured = configured;
        this.verifier = verifier;
        this.file = directories.bootstrapToken();
        this.serving = core.role() == Role.SERVE;
    }

    void onStart(@Observes StartupEvent event) {
        if (serving) {
            ensure(Instant.now());
        }
    }

    /** Issues the bootstrap token if no admin token exists, or retires it if one does. */
    synchronized void ensure(Instant now) {
        if (tokens.hasActiveAdmin(now) || configured.hasAdmin()) {
            retire(Actor.system(), "an admin token exists", now);
            return;
        }
        String host = HostName.get();
        Optional<ApiToken> active = tokens.activeBootstrap(now);
        if (active.isPresent()) {
            ApiToken row = active.get();
            if (matchesFile(row)) {
                LOG.infof(
                        "No admin token exists yet: the one-time bootstrap admin token is in %s (readable only by"
                                + " this user). Create an admin token with it (POST /api/v1/admin/tokens, or"
                                + " `outpost token create`); it stops working then.",
                        file);
                return;
            }
            if (!row.createdBy.equals(creator(host))) {
                LOG.warnf(
                        "No admin token exists yet: the one-time bootstrap admin token was written by %s at %s into"
                                + " that host's data directory (%s). Or make an admin token with `outpost token"
                                + " create --role admin` beside a stopped server.",
                        row.createdBy, row.createdAt, file.getFileName());
                return;
            }
            // This host issued it and lost the file (removed by hand, or a crash before it was written).
            tokens.retireBootstrap(Actor.system(), "its file was lost; a new one is issued", now);
        }
        String token = TokenSecrets.newToken();
        write(token);
        tokens.issueBootstrap(TokenSecrets.digestHex(token), creator(host), now);
        LOG.warnf(
                "No admin token exists: a one-time bootstrap admin token was written to %s (readable only by this"
                        + " user). Create an admin token with it (POST /api/v1/admin/tokens, or `outpost token create`);"
                        + " it stops working then.",
                file);
    }

    /** Revokes the bootstrap token and removes its file, if there are any. */
    synchronized void retire(Actor actor, String why, Instant now) {
        if (tokens.retireBootstrap(actor, why, now) > 0) {
            LOG.infof("The bootstrap admin token was revoked: %s", why);
        }
        verifier.forgetBootstrap();
        try {
            if (Files.deleteIfExists(file)) {
                LOG.infof("Removed %s", file);
            }
        } catch (IOException e) {
            LOG.warnf("Could not remove %s (%s); it no longer works", file, e.getMessage());
        }
    }

    private boolean matchesFile(ApiToken row) {
        try {
            if (!Files.isRegularFile(file)) {
                return false;
            }
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return row.tokenSha256.equals(TokenSecrets.digestHex(token));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Writes the token alone on one line, created owner-only before a byte is written, then moved in. */
    private void write(String token) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(temporary);
            Files.createFile(
                    temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, token + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bootstrap admin token to " + file, e);
        }
    }

    private static String creator(String host) {
        return "bootstrap@" + host;
    }
}
