package dev.outpost.reputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * The ip-range key layout (ADR 0008). The expected bytes are those of the keys in the field: a
 * change here makes every stored IP range unreachable.
 */
class IpKeyTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] network(String hex) {
        return HEX.parseHex(hex);
    }

    /** 192.0.2.0/24: family 4, ::ffff:192.0.2.0, 24. */
    private static byte[] ipv4Slash24() {
        return IpKey.of(IpKey.IPV4, network("00000000000000000000ffffc0000200"), 24);
    }

    @Test
    void buildsFamilyNetworkAndPrefixLength() {
        assertThat(HEX.formatHex(ipv4Slash24())).isEqualTo("0400000000000000000000ffffc000020018");
        assertThat(HEX.formatHex(IpKey.of(IpKey.IPV6, network("20010db8000000000000000000000000"), 32)))
                .isEqualTo("0620010db800000000000000000000000020");
        assertThat(HEX.formatHex(IpKey.of(IpKey.IPV6, new byte[16], 0))).isEqualTo("06" + "00".repeat(17));
        assertThat(IpKey.LENGTH).isEqualTo(KeySpace.IP_RANGE.keyLength());
    }

    @Test
    void readsFamilyAndPrefixLengthBack() {
        byte[] key = ipv4Slash24();

        assertThat(IpKey.family(key)).isEqualTo(IpKey.IPV4);
        assertThat(IpKey.prefixLength(key)).isEqualTo(24);
        assertThat(IpKey.maxPrefixLength(IpKey.IPV4)).isEqualTo(32);
        assertThat(IpKey.maxPrefixLength(IpKey.IPV6)).isEqualTo(128);
    }

    @Test
    void namesWhatIsWrongWithAKeyNoLookupBuilds() {
        byte[] valid = ipv4Slash24();
        assertThat(IpKey.defect(valid)).isEmpty();

        byte[] hostBits = valid.clone();
        hostBits[16] = 7; // 192.0.2.7/24
        assertThat(IpKey.defect(hostBits)).hasValue("host bits are set beyond /24");
        byte[] prefix200 = valid.clone();
        prefix200[17] = (byte) 200;
        assertThat(IpKey.defect(prefix200)).hasValue("IPv4 prefix length 200 is longer than 32");
        byte[] family9 = valid.clone();
        family9[0] = 9;
        assertThat(IpKey.defect(family9)).hasValue("address family 9 is neither 4 nor 6");
        byte[] unmapped = valid.clone();
        unmapped[11] = 0; // 192.0.2.0 not under ::ffff:
        assertThat(IpKey.defect(unmapped)).hasValue("an IPv4 network must be held as ::ffff:a.b.c.d");
        byte[] v6Too129 = IpKey.of(IpKey.IPV6, network("20010db8000000000000000000000001"), 128);
        v6Too129[17] = (byte) 129;
        assertThat(IpKey.defect(v6Too129)).hasValue("IPv6 prefix length 129 is longer than 128");
        byte[] mappedAsV6 = valid.clone();
        mappedAsV6[0] = 6;
        mappedAsV6[17] = (byte) (96 + 24);
        assertThat(IpKey.defect(mappedAsV6)).get().asString().contains("family 4");
        assertThat(IpKey.defect(new byte[17])).get().asString().contains("18 bytes");
    }

    @Test
    void aKeyWithADefectCannotBeBuilt() {
        assertThatThrownBy(() -> IpKey.of(IpKey.IPV4, network("00000000000000000000ffffc0000207"), 24))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problemType()).isEqualTo("invalid-ip");
                    assertThat(e.detail()).isEqualTo("host bits are set beyond /24");
                });
        assertThatThrownBy(() -> IpKey.of(IpKey.IPV6, new byte[15], 0)).isInstanceOf(InvalidInputException.class);
    }
}
