package dev.outpost.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Random and hostile packets straight into the responder that the server runs, with the real lookups
 * behind it: whatever arrives, the answer is nothing or a well-formed response to that query (its id,
 * QR set) that fits the client's size, never an exception. Seeded, so a failure names the packet that
 * caused it and reproduces.
 */
@QuarkusTest
@TestProfile(DnsProfile.class)
class DnsFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261130L);
    private static final int ROUNDS = Integer.getInteger("fuzz.rounds", 20_000);

    @Inject
    DnsServer server;

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        String[] names = {
            DnsServerTest.EICAR_MD5 + ".hash.outpost.internal",
            DnsServerTest.EICAR_SHA256.substring(0, 32) + "." + DnsServerTest.EICAR_SHA256.substring(32)
                    + ".malware.hash.outpost.internal",
            DnsServerTest.EICAR_SHA1 + "." + DnsServerTest.HASHLOOKUP,
            "info." + DnsServerTest.HASHLOOKUP,
            "7.100.51.198.ip.outpost.internal",
            DnsServerTest.NIBBLES_2001_DB8_1 + ".ip.outpost.internal",
            "a.b.malware.testing.google.test.domain.outpost.internal",
            "2.0.0.127.domain.outpost.internal",
            "domain.outpost.internal",
            "example.com"
        };
        int[] types = {Type.A, Type.TXT, Type.ANY, Type.SOA, Type.AXFR, Type.AAAA};
        for (int i = 0; i < names.length; i++) {
            Message query = DnsClient.query(names[i], types[i % types.length], i == 3 ? DClass.CH : DClass.IN);
            seeds.add(query.toWire());
            query.addRecord(new OPTRecord(i * 300, 0, i % 2, 0x8000), Section.ADDITIONAL);
            seeds.add(query.toWire());
        }
        return seeds;
    }

    @Test
    void everyPacketGetsNothingOrAWellFormedAnswerToIt() {
        Responder responder = server.responder();
        assertThat(responder).as("the DNS front end is running").isNotNull();
        List<byte[]> seeds = seeds();
        SplittableRandom random = new SplittableRandom(SEED);
        int answered = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] packet = mutate(seeds.get(random.nextInt(seeds.size())), random);
            boolean udp = random.nextBoolean();
            byte[] response;
            try {
                response = responder.respond(packet, udp);
            } catch (RuntimeException e) {
                throw new AssertionError(
                        "round " + round + ": " + HexFormat.of().formatHex(packet), e);
            }
            if (response == null) {
                continue;
            }
            answered++;
            String context = "round " + round + ": " + HexFormat.of().formatHex(packet);
            assertThat(response.length).as(context).isGreaterThanOrEqualTo(12);
            assertThat(response[0]).as(context).isEqualTo(packet[0]);
            assertThat(response[1]).as(context).isEqualTo(packet[1]);
            assertThat(response[2] & 0x80).as(context).isEqualTo(0x80);
            assertThat(response[3] & 0x80).as(context + ": RA").isZero();
            if (udp) {
                assertThat(response.length).as(context).isLessThanOrEqualTo(Responder.MAX_UDP_BYTES);
            }
            try {
                Message parsed = new Message(response);
                assertThat(parsed.getHeader().getFlag(Flags.QR)).as(context).isTrue();
            } catch (IOException e) {
                throw new AssertionError(context + ": the answer does not parse", e);
            }
        }
        assertThat(answered).as("most packets still get an answer").isGreaterThan(ROUNDS / 4);
    }

    /** One of: flipped bytes, a cut, random bytes appended, a header count changed, random label bytes. */
    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] packet = seed.clone();
        switch (random.nextInt(6)) {
            case 0 -> {
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    packet[random.nextInt(packet.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> packet = java.util.Arrays.copyOf(packet, random.nextInt(packet.length + 1));
            case 2 -> {
                byte[] longer = java.util.Arrays.copyOf(packet, packet.length + random.nextInt(64));
                for (int i = packet.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                packet = longer;
            }
            case 3 -> packet[4 + random.nextInt(8)] = (byte) random.nextInt(256);
            case 4 -> {
                for (int i = 13; i < Math.min(packet.length - 5, 60); i++) {
                    if (random.nextInt(8) == 0) {
                        packet[i] = (byte) random.nextInt(256);
                    }
                }
            }
            default -> {
                // unchanged: the seed itself
            }
        }
        if (packet.length >= 3) {
            packet[2] &= 0x7F; // keep QR clear, else it is only ever dropped
        }
        return packet;
    }
}
