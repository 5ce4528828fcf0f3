package dev.outpost.dns;

import dev.outpost.reputation.OutpostException;

/** The DNS front end is enabled but cannot listen: the start stops with this, naming what to change. */
public class DnsStartException extends OutpostException {
    DnsStartException(String transport, String host, int port, String reason, Throwable cause) {
        super(
                "dns-unavailable",
                "the DNS front end cannot listen on " + transport + " " + host + " port " + port + ": " + reason
                        + " (outpost.dns.port, outpost.dns.host; outpost.dns.enabled=false turns it off)",
                cause);
    }
}
