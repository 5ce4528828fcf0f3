package dev.outpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.outpost.dns.RateLimiter.Admission;
import dev.outpost.web.IpRange;

/** The per-client token bucket, on a clock the test moves. */
class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private RateLimiter limiter(int perSecond, int burst, int slip, String... exempt) {
        List<IpRange> ranges = new ArrayList<>();
        for (String range : exempt) {
            ranges.add(IpRange.parse(range));
        }
        return new RateLimiter(perSecond, burst, slip, ranges, now::get);
    }

    private static InetAddress address(String text) throws Exception {
        return InetAddress.getByName(text); // literals only: no lookup
    }

    private static int answered(RateLimiter limiter, InetAddress client, int queries, boolean udp) {
        int answered = 0;
        for (int i = 0; i < queries; i++) {
            if (limiter.admit(client, udp) == Admission.ANSWER) {
                answered++;
            }
        }
        return answered;
    }

    @Test
    void aClientGetsItsBurstThenItsRate() throws Exception {
        RateLimiter limiter = limiter(10, 5, 2);
        InetAddress client = address("192.0.2.1");
        assertThat(answered(limiter, client, 8, true)).isEqualTo(5);
        now.addAndGet(500_000_000L); // half a second: five more tokens
        assertThat(answered(limiter, client, 8, true)).isEqualTo(5);
        now.addAndGet(60_000_000_000L); // a minute: the bucket is full again, no more
        assertThat(answered(limiter, client, 8, true)).isEqualTo(5);
    }

    @Test
    void overTheLimitUdpSlipsEverySecondQueryAndTcpIsRefused() throws Exception {
        RateLimiter limiter = limiter(1, 1, 2);
        InetAddress client = address("192.0.2.1");
        assertThat(limiter.admit(client, true)).isEqualTo(Admission.ANSWER);
        List<Admission> udp = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            udp.add(limiter.admit(client, true));
        }
        assertThat(udp)
                .containsExactlyInAnyOrder(Admission.DROP, Admission.TRUNCATE, Admission.DROP, Admission.TRUNCATE);
        assertThat(udp.get(0)).isNotEqualTo(udp.get(1));
        assertThat(limiter.admit(client, false)).isEqualTo(Admission.REFUSE);
    }

    @Test
    void slipZeroDropsEveryUdpQueryOverTheLimit() throws Exception {
        RateLimiter limiter = limiter(1, 1, 0);
        InetAddress client = address("192.0.2.1");
        limiter.admit(client, true);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.admit(client, true)).isEqualTo(Admission.DROP);
        }
    }

    @Test
    void clientsHaveBucketsOfTheirOwn() throws Exception {
        RateLimiter limiter = limiter(1, 3, 2);
        assertThat(answered(limiter, address("192.0.2.1"), 5, false)).isEqualTo(3);
        assertThat(answered(limiter, address("192.0.2.2"), 5, false)).isEqualTo(3);
        assertThat(answered(limiter, address("2001:db8::1"), 5, false)).isEqualTo(3);
        assertThat(answered(limiter, address("2001:db8:0:1::1"), 5, false)).isEqualTo(3);
    }

    @Test
    void anIpv6ClientIsItsSlash64AndAMappedIpv4ClientItsIpv4Address() throws Exception {
        RateLimiter limiter = limiter(1, 3, 2);
        assertThat(answered(limiter, address("2001:db8::1"), 2, false)).isEqualTo(2);
        assertThat(answered(limiter, address("2001:db8::ffff:2"), 2, false)).isEqualTo(1);
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = (byte) 192;
        mapped[15] = 1;
        assertThat(RateLimiter.key(mapped)).isEqualTo(RateLimiter.key(new byte[] {(byte) 192, 0, 0, 1}));
        assertThat(RateLimiter.key(new byte[] {(byte) 192, 0, 0, 1}))
                .isNotEqualTo(RateLimiter.key(new byte[] {(byte) 192, 0, 0, 2}));
    }

    @Test
    void exemptClientsAreNeverLimited() throws Exception {
        RateLimiter limiter = limiter(1, 1, 2, "10.0.0.53", "192.0.2.0/24");
        assertThat(answered(limiter, address("10.0.0.53"), 100, true)).isEqualTo(100);
        assertThat(answered(limiter, address("192.0.2.200"), 100, true)).isEqualTo(100);
        assertThat(answered(limiter, address("10.0.0.54"), 100, true)).isEqualTo(1);
    }

    @Test
    void zeroQueriesPerSecondTurnsTheLimitOff() throws Exception {
        assertThat(answered(limiter(0, 1, 2), address("192.0.2.1"), 1000, true)).isEqualTo(1000);
    }

    /** Many more clients than the table holds: memory stays fixed, and every new client starts full. */
    @Test
    void theTableStaysBoundedAndANewClientStartsWithAFullBucket() throws Exception {
        RateLimiter limiter = limiter(1, 2, 2);
        for (int i = 0; i < 100_000; i++) {
            byte[] address = {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
            limiter.admit(InetAddress.getByAddress(address), true);
        }
        assertThat(answered(limiter, address("192.0.2.9"), 5, false)).isEqualTo(2);
    }
}
