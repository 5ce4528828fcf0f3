package dev.outpost.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import dev.outpost.reputation.InvalidInputException;
import dev.outpost.web.IpRange;

/**
 * A token bucket per client: an IPv4 address, or an IPv6 /64 (one host's addresses, RFC 4291 §2.5.1).
 * The buckets live in a fixed table, so spoofed sources cannot grow the heap: 4,096 sets of 4 entries
 * chosen by a salted hash of the client; a new client takes the least recently seen entry of its set,
 * whose client starts again with a full bucket when it returns (more lenient, never less).
 */
final class RateLimiter {
    /** What to do with a query. */
    enum Admission {
        /** Answer it. */
        ANSWER,
        /** Over the limit on UDP: send nothing. */
        DROP,
        /** Over the limit on UDP, one slip: answer truncated, so that a real client retries over TCP. */
        TRUNCATE,
        /** Over the limit on TCP (the source is proven by the handshake): answer REFUSED. */
        REFUSE
    }

    private static final int SETS = 4096;
    private static final int WAYS = 4;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double perNano;
    private final double burst;
    private final int slip;
    private final List<IpRange> exempt;
    private final LongSupplier nanoClock;
    private final long salt = new SecureRandom().nextLong();
    private final AtomicLong limited = new AtomicLong();

    private final long[] keys = new long[SETS * WAYS];
    private final boolean[] used = new boolean[SETS * WAYS];
    private final long[] seenNanos = new long[SETS * WAYS];
    private final double[] tokens = new double[SETS * WAYS];

    /**
     * @param queriesPerSecond refill rate; 0 admits everything
     * @param burst bucket size
     * @param slip every slip-th UDP query over the limit is answered truncated; 0 never
     */
    RateLimiter(int queriesPerSecond, int burst, int slip, List<IpRange> exempt, LongSupplier nanoClock) {
        this.perNano = (double) queriesPerSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.slip = slip;
        this.exempt = List.copyOf(exempt);
        this.nanoClock = nanoClock;
    }

    static RateLimiter of(DnsConfig.RateLimit config) {
        List<IpRange> exempt = config.exempt().orElse(List.of()).stream()
                .map(RateLimiter::exemptRange)
                .toList();
        return new RateLimiter(config.queriesPerSecond(), config.burst(), config.slip(), exempt, System::nanoTime);
    }

    private static IpRange exemptRange(String text) {
        try {
            return IpRange.parse(text.strip());
        } catch (InvalidInputException e) {
            throw new InvalidInputException("invalid-config", "outpost.dns.rate-limit.exempt: " + e.detail(), text);
        }
    }

    /** Whether {@code client} may have a query answered over {@code udp} (or TCP) now, and if not what then. */
    Admission admit(InetAddress client, boolean udp) {
        if (perNano == 0 || take(client)) {
            return Admission.ANSWER;
        }
        if (!udp) {
            return Admission.REFUSE;
        }
        return slip > 0 && limited.incrementAndGet() % slip == 0 ? Admission.TRUNCATE : Admission.DROP;
    }

    private boolean take(InetAddress client) {
        byte[] address = client.getAddress();
        if (!exempt.isEmpty() && isExempt(address)) {
            return true;
        }
        long key = key(address);
        int set = (int) (mix(key ^ salt) & (SETS - 1)) * WAYS;
        long now = nanoClock.getAsLong();
        synchronized (this) {
            int slot = -1;
            int victim = set;
            for (int i = set; i < set + WAYS; i++) {
                if (used[i] && keys[i] == key) {
                    slot = i;
                    break;
                }
                // A free entry first, else the one seen longest ago.
                if (!used[i] ? used[victim] : used[victim] && seenNanos[i] - seenNanos[victim] < 0) {
                    victim = i;
                }
            }
            if (slot < 0) {
                slot = victim;
                used[slot] = true;
                keys[slot] = key;
                tokens[slot] = burst;
            } else {
                tokens[slot] = Math.min(burst, tokens[slot] + (now - seenNanos[slot]) * perNano);
            }
            seenNanos[slot] = now;
            if (tokens[slot] < 1) {
                return false;
            }
            tokens[slot] -= 1;
            return true;
        }
    }

    private boolean isExempt(byte[] address) {
        IpRange range = IpRange.parse(text(address));
        for (IpRange allowed : exempt) {
            if (allowed.contains(range)) {
                return true;
            }
        }
        return false;
    }

    /** An address's text, without a name lookup (getByAddress never asks DNS). */
    private static String text(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + address.length + " bytes", e);
        }
    }

    /**
     * IPv4 (also when it arrives IPv4-mapped, as a dual-stack socket shows it): the address with bit 40
     * set, which puts it in ::/8 where no IPv6 client is; IPv6: its first 64 bits.
     */
    static long key(byte[] address) {
        int from = 0;
        int bytes = 8;
        if (address.length == 4) {
            bytes = 4;
        } else if (isIpv4Mapped(address)) {
            from = 12;
            bytes = 4;
        }
        long key = 0;
        for (int i = from; i < from + bytes; i++) {
            key = (key << 8) | (address[i] & 0xFF);
        }
        return bytes == 4 ? key | (1L << 40) : key;
    }

    private static boolean isIpv4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xFF && address[11] == (byte) 0xFF;
    }

    /** A 64-bit finalizer (SplitMix64's), so that neighbouring addresses land in unrelated sets. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
