package dev.outpost.dns;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code outpost.dns.*}: the DNS front end (issue 16, docs/dns.md). Off by default; when on, it runs
 * only in the server ({@code outpost.role=serve}), never beside a CLI command.
 */
@ConfigMapping(prefix = "outpost.dns")
public interface DnsConfig {
    /** Whether the server answers DNS queries at all. */
    @WithDefault("false")
    boolean enabled();

    /** UDP and TCP port; 0 picks one free port for both (tests). */
    @WithDefault("5353")
    @Min(0)
    @Max(65535)
    int port();

    /** Address to listen on; by default the HTTP server's ({@code quarkus.http.host}). */
    Optional<String> host();

    /** The zones sit below this name: {@code hash.}, {@code hashlookup.}, {@code ip.}, {@code domain.}. */
    @WithDefault("outpost.internal")
    String suffix();

    /** Whole zone names that replace {@code <label>.<suffix>}, e.g. hashlookup=dns.hashlookup.circl.lu. */
    ZoneNames zones();

    /** TTL of positive answers (A, TXT, SOA and NS). */
    @WithDefault("5m")
    @DurationMin(seconds = 0, message = "must not be negative")
    @DurationMax(days = 1, message = "must be at most one day")
    Duration answerTtl();

    /** How long resolvers may cache a negative answer: the SOA minimum and TTL (RFC 2308 §5). */
    @WithDefault("1m")
    @DurationMin(seconds = 0, message = "must not be negative")
    @DurationMax(hours = 3, message = "must be at most three hours")
    Duration negativeTtl();

    /** A token bucket per client address (IPv6 per /64) over both transports. */
    RateLimit rateLimit();

    /** TCP connections (RFC 7766). */
    Tcp tcp();

    interface ZoneNames {
        /** Team Cymru MHR style file hashes; default {@code hash.<suffix>}. */
        Optional<String> hash();

        /** CIRCL hashlookup style TXT records; default {@code hashlookup.<suffix>}. */
        Optional<String> hashlookup();

        /** RFC 5782 IP address blocklist; default {@code ip.<suffix>}. */
        Optional<String> ip();

        /** RFC 5782 domain blocklist; default {@code domain.<suffix>}. */
        Optional<String> domain();
    }

    interface RateLimit {
        /** Queries per second each client may send on average; 0 turns the limit off. */
        @WithDefault("200")
        @Min(0)
        @Max(1_000_000)
        int queriesPerSecond();

        /** Queries a client may send at once after a pause (the bucket's size). */
        @WithDefault("400")
        @Min(1)
        @Max(10_000_000)
        int burst();

        /**
         * Over the limit, UDP queries are dropped, but every slip-th one is answered truncated so that a
         * real client retries over TCP, where a spoofed one cannot (BIND's RRL slip); 0 drops all.
         */
        @WithDefault("2")
        @Min(0)
        @Max(10)
        int slip();

        /** Client addresses or CIDR ranges never limited, e.g. the resolver that forwards to Outpost. */
        Optional<List<String>> exempt();
    }

    interface Tcp {
        /** Open TCP connections at once, across all clients; more are closed at once. */
        @WithDefault("64")
        @Min(1)
        @Max(10_000)
        int maxConnections();

        /** Open TCP connections per client address. */
        @WithDefault("8")
        @Min(1)
        @Max(10_000)
        int maxConnectionsPerClient();

        /** A connection that sends and receives nothing for this long is closed. */
        @WithDefault("10s")
        @DurationMin(seconds = 1, message = "must be at least one second")
        @DurationMax(minutes = 10, message = "must be at most ten minutes")
        Duration idleTimeout();
    }
}
