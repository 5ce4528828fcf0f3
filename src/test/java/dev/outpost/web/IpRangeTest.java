package dev.outpost.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.IpKey;

class IpRangeTest {
    @Test
    void parsesAddressesAndRangesOfBothFamilies() {
        assertThat(IpRange.parse("192.0.2.7")).hasToString("192.0.2.7/32");
        assertThat(IpRange.parse("192.0.2.0/24")).hasToString("192.0.2.0/24");
        assertThat(IpRange.parse("0.0.0.0/0")).hasToString("0.0.0.0/0");
        assertThat(IpRange.parse("2001:0DB8:0000::1")).hasToString("2001:db8::1/128");
        assertThat(IpRange.parse("[2001:db8::]/32")).hasToString("2001:db8::/32");
        assertThat(IpRange.parse("::/0")).hasToString("::/0");
        assertThat(IpRange.parse("::ffff:192.0.2.1")).as("IPv4-mapped is IPv4").hasToString("192.0.2.1/32");
        assertThat(IpRange.parse("192.0.2.0/24").isIpv4()).isTrue();
        assertThat(IpRange.parse("2001:db8::/32").isIpv4()).isFalse();
    }

    @Test
    void refusesHostBitsAndSaysWhatWasMeant() {
        assertThatThrownBy(() -> IpRange.parse("10.1.2.3/8")).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.problemType()).isEqualTo("invalid-ip");
            assertThat(e.detail()).contains("did you mean 10.0.0.0/8?");
        });
    }

    @Test
    void refusesWhatIsNotAnAddress() {
        for (String input : new String[] {
            "",
            "1.2.3",
            "1.2.3.4.5",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3.4/33",
            "1.2.3.4/",
            "1.2.3.4/x",
            "2001:db8::/129",
            "2001:db8:::1",
            "1:2:3:4:5:6:7:8:9",
            "example.com",
            "1.2.3.4/-1",
            "g::1",
            "[::1",
            "1.2.3.4 "
        }) {
            if (input.equals("1.2.3.4 ")) {
                assertThat(IpRange.parse(input))
                        .as("surrounding spaces are trimmed")
                        .hasToString("1.2.3.4/32");
                continue;
            }
            assertThatThrownBy(() -> IpRange.parse(input))
                    .as(input)
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problemType())
                            .isEqualTo("invalid-ip"));
        }
        assertThatThrownBy(() -> IpRange.address("192.0.2.0/24")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void widensForALongestPrefixSearch() {
        IpRange address = IpRange.address("192.0.2.200");
        IpRange network = IpRange.parse("192.0.2.128/25");

        assertThat(address.widenTo(96 + 25)).isEqualTo(network);
        assertThat(network.contains(address)).isTrue();
        assertThat(IpRange.parse("192.0.2.0/25").contains(address)).isFalse();
        assertThat(address.widenTo(96 + 25).key()).isEqualTo(network.key());
        assertThat(network.key()).hasSize(18).startsWith(4);
        assertThat(network.key()[17]).isEqualTo((byte) 25);
    }

    @Test
    void formatsEveryRangeSoThatItParsesBackToItself() {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            byte[] address = new byte[16];
            random.nextBytes(address);
            boolean v4 = random.nextBoolean();
            if (v4) {
                java.util.Arrays.fill(address, 0, 10, (byte) 0);
                address[10] = (byte) 0xFF;
                address[11] = (byte) 0xFF;
            }
            int prefix = v4 ? 96 + random.nextInt(33) : random.nextInt(129);
            IpRange range = new IpRange(mask(address, prefix), prefix);
            assertThat(IpRange.parse(range.toString())).as(range.toString()).isEqualTo(range);
        }
    }

    @Test
    void ipKeyAcceptsExactlyTheKeysThatRangesBuild() {
        Random random = new Random(11);
        int valid = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] key = new byte[IpKey.LENGTH];
            random.nextBytes(key);
            // Bias towards near-valid keys: a family, a mapped address, few host bits, a short prefix.
            key[0] = (byte) (random.nextInt(8) == 0 ? key[0] : random.nextBoolean() ? 4 : 6);
            if (random.nextBoolean()) {
                java.util.Arrays.fill(key, 1, 11, (byte) 0);
                key[11] = (byte) 0xFF;
                key[12] = (byte) 0xFF;
            }
            key[17] = (byte) random.nextInt(key[0] == 4 ? 40 : 140);
            if (random.nextBoolean()) {
                int family = key[0] == 4 ? 4 : 6;
                int prefix = Math.min(key[17] & 0xFF, family == 4 ? 32 : 128);
                byte[] masked = mask(java.util.Arrays.copyOfRange(key, 1, 17), family == 4 ? 96 + prefix : prefix);
                System.arraycopy(masked, 0, key, 1, 16);
            }
            boolean accepted = IpKey.defect(key).isEmpty();
            valid += accepted ? 1 : 0;
            assertThat(accepted).as(java.util.HexFormat.of().formatHex(key)).isEqualTo(builtByLookups(key));
        }
        assertThat(valid).as("the sample holds valid keys too").isGreaterThan(10_000);
    }

    /** Whether an IpRange (as lookups build them) has exactly this key. */
    private static boolean builtByLookups(byte[] key) {
        int family = key[0] & 0xFF;
        int prefix = key[17] & 0xFF;
        try {
            IpRange range = new IpRange(java.util.Arrays.copyOfRange(key, 1, 17), family == 4 ? 96 + prefix : prefix);
            return java.util.Arrays.equals(range.key(), key);
        } catch (InvalidInputException e) {
            return false;
        }
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int bit = prefix; bit < 128; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    @Test
    void aRangeBuiltWithHostBitsOrWidenedToALongerPrefixIsInvalidInput() {
        byte[] hostBits = IpRange.parse("2001:db8::1").address();
        assertThatThrownBy(() -> new IpRange(hostBits, 32)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.problemType()).isEqualTo("invalid-ip");
            assertThat(e.input()).isEqualTo("2001:db8::1/32");
        });
        assertThatThrownBy(() -> IpRange.parse("192.0.2.0/24").widenTo(128)).isInstanceOf(InvalidInputException.class);
    }
}
