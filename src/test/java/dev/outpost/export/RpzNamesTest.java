package dev.outpost.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.outpost.web.IpRange;

/** rpz-ip owner names as draft-vixie-dnsop-dns-rpz §4.2 and BIND's ip2name write them (interop.md §3.4). */
class RpzNamesTest {
    private static String trigger(String cidr) {
        return RpzNames.ipTrigger(IpRange.parse(cidr));
    }

    @Test
    void writesIpv4PrefixThenReversedOctets() {
        assertThat(trigger("10.0.0.2")).isEqualTo("32.2.0.0.10.rpz-ip");
        assertThat(trigger("198.51.100.7/32")).isEqualTo("32.7.100.51.198.rpz-ip");
        assertThat(trigger("198.0.2.0/24")).isEqualTo("24.0.2.0.198.rpz-ip");
        assertThat(trigger("10.0.0.0/8")).isEqualTo("8.0.0.0.10.rpz-ip");
        assertThat(trigger("0.0.0.0/1")).isEqualTo("1.0.0.0.0.rpz-ip");
    }

    @Test
    void writesIpv6GroupsReversedWithTheLongestZeroRunAsZz() {
        assertThat(trigger("2001:db8::/32")).isEqualTo("32.zz.db8.2001.rpz-ip");
        assertThat(trigger("2001:db8::1")).isEqualTo("128.1.zz.db8.2001.rpz-ip");
        assertThat(trigger("2001:db8:1:2::/64")).isEqualTo("64.zz.2.1.db8.2001.rpz-ip");
        assertThat(trigger("2001:db8:abcd:12:3:4:5:6")).isEqualTo("128.6.5.4.3.12.abcd.db8.2001.rpz-ip");
        assertThat(trigger("::/1")).isEqualTo("1.zz.rpz-ip");
        assertThat(trigger("::1")).isEqualTo("128.1.zz.rpz-ip");
    }

    @Test
    void keepsASingleZeroGroupAndShortensTheFirstOfTwoEqualRuns() {
        // One zero group is written as 0 (RFC 5952 §4.2.2), never as zz.
        assertThat(trigger("2001:db8:0:1:2:3:4:5")).isEqualTo("128.5.4.3.2.1.0.db8.2001.rpz-ip");
        // BIND's ip2name comment: 2001:db8:0:0:1:0:0:1 is 1.0.0.1.zz.db8.2001 (the first run of the
        // address, the last in the reversed name), as RFC 5952 writes 2001:db8::1:0:0:1.
        assertThat(trigger("2001:db8:0:0:1:0:0:1")).isEqualTo("128.1.0.0.1.zz.db8.2001.rpz-ip");
        // A longer run later in the address wins over a shorter earlier one.
        assertThat(trigger("2001:0:0:1:0:0:0:1")).isEqualTo("128.1.zz.1.0.0.2001.rpz-ip");
    }

    @Test
    void hasNoNameForAPrefixLengthOfZero() {
        assertThat(trigger("0.0.0.0/0")).isNull();
        assertThat(trigger("::/0")).isNull();
    }
}
