package dev.outpost.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Checks a presented token against every kind of token the appliance knows: configured ones first,
 * then API tokens in the database. The caller learns only whether it passed: a refused token gets
 * one answer whatever the reason, so that probing tells nothing.
 *
 * <p>A valid API token is remembered for {@link #CACHE_TTL}, so that lookups behind
 * {@code outpost.security.lookups=token} do not each read the database. A revocation therefore
 * takes effect at once on the replica that took it and within {@link #CACHE_TTL} on the others;
 * an expiry takes effect at once everywhere (checked on every use).
 */
@ApplicationScoped
public class TokenVerifier {
    static final Duration CACHE_TTL = Duration.ofSeconds(5);
    /** A token's last use is written at most this often: a write per request would be a load. */
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    /** Longer tokens are refused before hashing. */
    static final int MAX_TOKEN_CHARS = 256;
    /** Bounds the cache against a flood of distinct valid tokens (there are few). */
    private static final int MAX_CACHED = 10_000;

    private record Cached(Grant grant, Instant expiresAt, Instant fetched) {}

    private final ConfiguredTokens configured;
    private final ApiTokens tokens;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<Long, Instant> touched = new ConcurrentHashMap<>();

    @Inject
    public TokenVerifier(ConfiguredTokens configured, ApiTokens tokens) {
        this(configured, tokens, Clock.systemUTC());
    }

    TokenVerifier(ConfiguredTokens configured, ApiTokens tokens, Clock clock) {
        this.configured = configured;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** The grant of {@code token}, or empty if it is not valid. Reads the database: not on an event loop. */
    public Optional<Grant> verify(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        String clean = token.strip();
        Optional<Grant> fromConfig = configured
                .find(ConfiguredTokens.sha256(clean))
                .map(e -> new Grant(e.name(), e.role(), Grant.Origin.CONFIGURED, null));
        if (fromConfig.isPresent()) {
            return fromConfig;
        }
        Instant now = clock.instant();
        String digest = TokenSecrets.digestHex(clean);
        Cached cached = cache.get(digest);
        if (cached != null && now.isBefore(cached.fetched().plus(CACHE_TTL))) {
            return cached.expiresAt() == null || now.isBefore(cached.expiresAt())
                    ? Optional.of(cached.grant())
                    : Optional.empty();
        }
        Optional<ApiToken> row = tokens.activeByDigest(digest, now);
        if (row.isEmpty()) {
            cache.remove(digest);
            return Optional.empty();
        }
        ApiToken active = row.get();
        Grant grant = new Grant(
                active.name,
                active.role,
                active.bootstrap ? Grant.Origin.BOOTSTRAP : Grant.Origin.API_TOKEN,
                active.id);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(digest, new Cached(grant, active.expiresAt, now));
        Instant last = touched.get(active.id);
        if (last == null || !now.isBefore(last.plus(TOUCH_INTERVAL))) {
            touched.put(active.id, now);
            tokens.touch(active.id, now);
        }
        return Optional.of(grant);
    }

    /** Forgets what is remembered of token {@code id} (revoked here: refused at once). */
    void forget(long id) {
        cache.values()
                .removeIf(cached ->
                        cached.grant().tokenId() != null && cached.grant().tokenId() == id);
    }

    /** Forgets every remembered bootstrap token (retired here: refused at once). */
    void forgetBootstrap() {
        cache.values().removeIf(cached -> cached.grant().origin() == Grant.Origin.BOOTSTRAP);
    }
}
