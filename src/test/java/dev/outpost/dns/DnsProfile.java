package dev.outpost.dns;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The DNS front end on: a port of its own (0: one free port for UDP and TCP, read from {@link
 * DnsServer#port}), on loopback, with the hashlookup zone under the name PyHashlookup hard-codes, a
 * rate limit that only the rate-limit tests reach (from loopback addresses of their own), and a
 * short TCP idle timeout. Its own data directory: the tests set local verdicts.
 */
public class DnsProfile implements QuarkusTestProfile {
    /** Queries each client address may send at once; the tests from 127.0.0.1 send far fewer. */
    static final int BURST = 400;

    static final int MAX_CONNECTIONS_PER_CLIENT = 4;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("outpost.data-dir", "target/test-data/dns-" + System.nanoTime()),
                Map.entry("outpost.dns.enabled", "true"),
                Map.entry("outpost.dns.port", "0"),
                Map.entry("outpost.dns.host", "127.0.0.1"),
                Map.entry("outpost.dns.zones.hashlookup", "dns.hashlookup.circl.lu"),
                Map.entry("outpost.dns.rate-limit.queries-per-second", "1"),
                Map.entry("outpost.dns.rate-limit.burst", Integer.toString(BURST)),
                Map.entry("outpost.dns.tcp.max-connections-per-client", Integer.toString(MAX_CONNECTIONS_PER_CLIENT)),
                Map.entry("outpost.dns.tcp.idle-timeout", "2s"));
    }
}
