package dev.outpost.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;

import dev.outpost.audit.Actor;
import dev.outpost.audit.AuditActions;
import dev.outpost.audit.AuditLog;
import dev.outpost.reputation.InvalidInputException;

/**
 * The API tokens (issue 14, ADR 0016): created, listed and revoked by admins, kept as SHA-256
 * digests. Each change is audited in the same transaction.
 */
@ApplicationScoped
public class ApiTokens implements PanacheRepository<ApiToken> {
    private final AuditLog audit;

    public ApiTokens(AuditLog audit) {
        this.audit = audit;
    }

    /** A token just made: the row, and the token itself, which is never available again. */
    public record Created(ApiToken row, String token) {}

    /** Makes a token; {@code creator} is the admin (or the bootstrap token) asking for it. */
    @Transactional
    public Created create(String name, String role, Instant expiresAt, Actor creator, Instant now) {
        if (name == null || !name.matches(TokenName.PATTERN)) {
            throw new InvalidInputException(
                    "invalid-token-request", "name must be 1 to 64 of A-Z a-z 0-9 . _ @ -", name);
        }
        if (!RoleSet.isRole(role)) {
            throw new InvalidInputException("invalid-token-request", "role must be one of " + RoleSet.NAMES, role);
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new InvalidInputException(
                    "invalid-token-request", "expiresAt must be in the future", expiresAt.toString());
        }
        ApiToken holder = find("name = ?1 and revokedAt is null", name).firstResult();
        if (holder != null && holder.activeAt(now)) {
            throw new TokenException.NameTaken(name, holder.id);
        }
        String token = TokenSecrets.newToken();
        ApiToken row = new ApiToken();
        row.name = name;
        row.role = role;
        row.tokenSha256 = TokenSecrets.digestHex(token);
        row.bootstrap = false;
        row.createdAt = now;
        row.createdBy = creator.name();
        row.expiresAt = expiresAt;
        persistAndFlush(row);
        audit.record(creator, AuditActions.TOKEN_CREATED, "token:" + row.id, describe(row));
        return new Created(row, token);
    }

    /** Every token, newest first, revoked and expired ones included. */
    @Transactional
    public List<ApiToken> all() {
        return listAll(Sort.descending("id"));
    }

    /** Revokes token {@code id}; revoking a revoked token changes nothing. */
    @Transactional
    public ApiToken revoke(long id, Actor actor, Instant now) {
        ApiToken row = findById(id);
        if (row == null) {
            throw new TokenException.NotFound(id);
        }
        if (row.revokedAt == null) {
            row.revokedAt = now;
            row.revokedBy = actor.name();
            audit.record(actor, AuditActions.TOKEN_REVOKED, "token:" + row.id, describe(row));
        }
        return row;
    }

    /** The token with this digest if it is active now. */
    @Transactional
    public Optional<ApiToken> activeByDigest(String digestHex, Instant now) {
        return find("tokenSha256", digestHex).firstResultOptional().filter(row -> row.activeAt(now));
    }

    /** Records a token's last use; callers limit how often (a write per request would be a load). */
    @Transactional
    public void touch(long id, Instant now) {
        update("lastUsedAt = ?1 where id = ?2", now, id);
    }

    /** Whether an admin token other than the bootstrap one is active. */
    @Transactional
    public boolean hasActiveAdmin(Instant now) {
        return list("role = ?1 and bootstrap = false and revokedAt is null", Roles.ADMIN).stream()
                .anyMatch(row -> row.activeAt(now));
    }

    @Transactional
    public Optional<ApiToken> activeBootstrap(Instant now) {
        return list("bootstrap = true and revokedAt is null").stream()
                .filter(row -> row.activeAt(now))
                .findFirst();
    }

    /** Stores the bootstrap token's digest. */
    @Transactional
    public ApiToken issueBootstrap(String digestHex, String createdBy, Instant now) {
        ApiToken row = new ApiToken();
        row.name = "bootstrap";
        row.role = Roles.ADMIN;
        row.tokenSha256 = digestHex;
        row.bootstrap = true;
        row.createdAt = now;
        row.createdBy = createdBy;
        persistAndFlush(row);
        audit.record(Actor.system(), AuditActions.BOOTSTRAP_CREATED, "token:" + row.id, describe(row));
        return row;
    }

    /** Retires every bootstrap token: an admin token exists, so the bootstrap one must stop working. */
    @Transactional
    public int retireBootstrap(Actor actor, String why, Instant now) {
        int retired = 0;
        for (ApiToken row : list("bootstrap = true and revokedAt is null")) {
            row.revokedAt = now;
            row.revokedBy = actor.name();
            Map<String, String> details = describe(row);
            details.put("why", why);
            audit.record(actor, AuditActions.BOOTSTRAP_USED, "token:" + row.id, details);
            retired++;
        }
        return retired;
    }

    private static Map<String, String> describe(ApiToken row) {
        Map<String, String> details = new TreeMap<>();
        details.put("id", String.valueOf(row.id));
        details.put("name", row.name);
        details.put("role", row.role);
        if (row.expiresAt != null) {
            details.put("expiresAt", row.expiresAt.toString());
        }
        return details;
    }
}
