package dev.outpost.dns;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import dev.outpost.lookup.LookupOutcome;
import dev.outpost.lookup.Match;
import dev.outpost.lookup.NoDatasetException;
import dev.outpost.lookup.Source;
import dev.outpost.lookup.Subject;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.Verdict;
import dev.outpost.store.DatasetInfo;

/**
 * Turns one query's bytes into the response's bytes, or into nothing (a packet to drop). dnsjava
 * parses and writes the messages; every decision is here. Transport-free: {@link DnsServer} calls
 * it from a worker thread for UDP and TCP alike, since a lookup may block on the store.
 *
 * <p>Rules, each from the RFC cited where it is applied: authoritative answers only (AA, never RA:
 * no recursion), REFUSED for names outside the zones and for zone transfers, minimal answers
 * (only the RRset asked for; ANY gets one RRset, RFC 8482), negative answers with the zone's SOA
 * (RFC 2308), EDNS(0) understood (RFC 6891) and a UDP answer that does not fit the client's size
 * sent truncated (TC) so that the client asks again over TCP (RFC 1035 §4.2.1, RFC 7766).
 */
final class Responder {
    private static final Logger LOG = Logger.getLogger(Responder.class);

    /** UDP payload without EDNS (RFC 1035 §2.3.4). */
    static final int CLASSIC_UDP_BYTES = 512;

    /**
     * The largest UDP payload sent and the largest query read, on either transport: the size DNS Flag
     * Day 2020 recommends, which avoids IP fragmentation. A query (one question, an OPT) needs far less.
     */
    static final int MAX_UDP_BYTES = 1232;

    /** A TCP message's largest size (RFC 1035 §4.2.2). */
    static final int MAX_TCP_BYTES = 65535;

    /** SOA timers: only secondaries use them, and there are none (no zone transfer). */
    private static final long SOA_REFRESH_SECONDS = 3600;

    private static final long SOA_RETRY_SECONDS = 600;
    private static final long SOA_EXPIRE_SECONDS = 86400;

    private final Zones zones;
    private final DnsLookups lookups;
    private final long answerTtl;
    private final long negativeTtl;
    private final LongSupplier epochSeconds;

    Responder(Zones zones, DnsLookups lookups, Duration answerTtl, Duration negativeTtl, LongSupplier epochSeconds) {
        this.zones = zones;
        this.lookups = lookups;
        this.answerTtl = answerTtl.toSeconds();
        this.negativeTtl = negativeTtl.toSeconds();
        this.epochSeconds = epochSeconds;
    }

    /**
     * The response to {@code query} as it came off the wire, or null when nothing should be sent: a
     * packet too short to carry a DNS header, one that is itself a response (answering those makes
     * loops), one longer than {@link #MAX_UDP_BYTES}, and (on UDP) a query longer than 512 bytes
     * without EDNS. A packet dnsjava cannot parse gets FORMERR (RFC 1035 §4.1.1).
     */
    byte[] respond(byte[] query, boolean udp) {
        if (!acceptable(query)) {
            return null;
        }
        Message message;
        try {
            message = new Message(query);
        } catch (IOException | RuntimeException e) {
            return formatError(query);
        }
        if (udp && query.length > CLASSIC_UDP_BYTES && message.getOPT() == null) {
            return null;
        }
        Message response;
        try {
            response = answer(message);
        } catch (RuntimeException e) {
            // Never the query's name: the log has no retention an operator chose (issue 16).
            LOG.errorf("DNS answer failed: %s", e.getClass().getName());
            response = withQuestion(message, reply(message, Rcode.SERVFAIL));
        }
        return encode(message, response, udp);
    }

    /**
     * The answer to a query from a client over its rate limit: a truncated answer (RRL's slip) or
     * REFUSED; null to drop it, and for a packet that is no usable query.
     */
    byte[] limited(byte[] query, RateLimiter.Admission admission, boolean udp) {
        if (admission == RateLimiter.Admission.DROP || !acceptable(query)) {
            return null;
        }
        Message message;
        try {
            message = new Message(query);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!whole(message) || message.getSection(Section.QUESTION).size() != 1) {
            return null;
        }
        Message response = reply(message, Rcode.NOERROR);
        response.addRecord(message.getQuestion(), Section.QUESTION);
        if (admission == RateLimiter.Admission.TRUNCATE) {
            response.getHeader().setFlag(Flags.TC);
        } else {
            response.getHeader().setRcode(Rcode.REFUSED);
        }
        addOpt(message, response, Rcode.NOERROR);
        return response.toWire(udp ? udpLimit(message) : MAX_TCP_BYTES);
    }

    /** Whether a packet may be a query worth parsing: header-sized, not too long, QR clear. */
    static boolean acceptable(byte[] packet) {
        return packet.length >= Header.LENGTH && packet.length <= MAX_UDP_BYTES && (packet[2] & 0x80) == 0;
    }

    Message answer(Message query) {
        Header header = query.getHeader();
        if (header.getOpcode() != Opcode.QUERY) {
            return withQuestion(query, reply(query, Rcode.NOTIMP));
        }
        if (!whole(query) || header.getCount(Section.QUESTION) != 1 || optCount(query) > 1) {
            return withQuestion(query, reply(query, Rcode.FORMERR));
        }
        Record question = query.getQuestion();
        Message response = withQuestion(query, reply(query, Rcode.NOERROR));
        OPTRecord opt = query.getOPT();
        if (opt != null && opt.getVersion() > 0) {
            response.getHeader().setRcode(Rcode.BADVERS & 0xF); // the rest goes in the OPT (RFC 6891 §6.1.3)
            return response;
        }
        int type = question.getType();
        if (query.getTSIG() != null || question.getDClass() != DClass.IN || type == Type.AXFR || type == Type.IXFR) {
            // No keys, no other classes (CHAOS version.bind tells nothing), no zone transfers.
            response.getHeader().setRcode(Rcode.REFUSED);
            return response;
        }
        if (type == Type.OPT || type == Type.TSIG || type == Type.TKEY) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response;
        }
        if (type != Type.ANY && !Type.isRR(type)) {
            response.getHeader().setRcode(Rcode.NOTIMP); // MAILA, MAILB
            return response;
        }
        Optional<Zones.Located> located = zones.locate(question.getName());
        if (located.isEmpty()) {
            response.getHeader().setRcode(Rcode.REFUSED); // no recursion (RA stays clear)
            return response;
        }
        response.getHeader().setFlag(Flags.AA);
        answerInZone(located.get(), question.getName(), type, response);
        return response;
    }

    private void answerInZone(Zones.Located located, Name name, int type, Message response) {
        Name zone = located.zone();
        NameQuery asked = NameQuery.of(located);
        // Java 17: no pattern switch over the sealed query yet.
        if (asked instanceof NameQuery.Apex) {
            apex(zone, type, response);
        } else if (asked instanceof NameQuery.EmptyNonTerminal) {
            noData(zone, response);
        } else if (asked instanceof NameQuery.NoSuchName) {
            if (located.kind() == Zones.Kind.HASHLOOKUP) {
                noData(zone, response); // CIRCL's server answers every miss empty (interop.md §1.4)
            } else {
                noSuchName(zone, response);
            }
        } else if (asked instanceof NameQuery.Info) {
            info(zone, name, type, response);
        } else if (asked instanceof NameQuery.Digest digest) {
            if (located.kind() == Zones.Kind.HASH) {
                hash(zone, name, type, digest.hex(), response);
            } else {
                hashlookup(zone, name, type, digest.hex(), response);
            }
        } else if (asked instanceof NameQuery.TestPoint test) {
            if (test.listed()) {
                listed(zone, name, type, ListingCodes.test(located.kind()), "RFC 5782 test entry", response);
            } else {
                noSuchName(zone, response);
            }
        } else if (asked instanceof NameQuery.AddressInDomainList) {
            String text = "error: an IP address was queried in the domain list; query " + zones.ip() + " instead";
            listed(zone, name, type, ListingCodes.ADDRESS_IN_DOMAIN_LIST, text, response);
        } else if (asked instanceof NameQuery.Address address) {
            blocklist(located.kind(), zone, name, type, () -> lookups.ip(address.text()), response);
        } else if (asked instanceof NameQuery.Domain domain) {
            blocklist(located.kind(), zone, name, type, () -> lookups.domain(domain.text()), response);
        }
    }

    /** SOA and NS at the apex; any other type there has no data. ANY gets the SOA alone (RFC 8482 §4.2). */
    private void apex(Name zone, int type, Message response) {
        if (type == Type.SOA || type == Type.ANY) {
            response.addRecord(soa(zone, answerTtl), Section.ANSWER);
        } else if (type == Type.NS) {
            response.addRecord(new NSRecord(zone, DClass.IN, answerTtl, zones.nameServer()), Section.ANSWER);
        } else {
            noData(zone, response);
        }
    }

    /** Team Cymru MHR: listed (RED, YELLOW) is A 127.0.0.2 and TXT "epoch percent"; anything else NXDOMAIN. */
    private void hash(Name zone, Name name, int type, String hex, Message response) {
        Decided decided = decide(() -> lookups.file(hex), response);
        if (decided == null) {
            return;
        }
        if (decided.verdict() == null
                || ListingCodes.hashPercent(decided.verdict().zone()) == 0) {
            noSuchName(zone, response);
            return;
        }
        String text = TxtStrings.hash(decided.verdict(), epochSeconds.getAsLong());
        listed(zone, name, type, ListingCodes.HASH_LISTED, text, response);
    }

    /** CIRCL hashlookup: a TXT with the record for every file Outpost knows; a miss is empty (NODATA). */
    private void hashlookup(Name zone, Name name, int type, String hex, Message response) {
        Decided decided = decide(() -> lookups.file(hex), response);
        if (decided == null) {
            return;
        }
        if (decided.verdict() == null || !(decided.subject() instanceof Subject.Digest digest)) {
            noData(zone, response);
            return;
        }
        if (type == Type.TXT || type == Type.ANY) {
            response.addRecord(
                    txt(name, TxtStrings.hashlookup(digest, hex, decided.verdict(), decided.source())), Section.ANSWER);
        } else {
            noData(zone, response);
        }
    }

    private void info(Name zone, Name name, int type, Message response) {
        if (type != Type.TXT && type != Type.ANY) {
            noData(zone, response);
            return;
        }
        Optional<DatasetInfo> dataset = lookups.dataset();
        if (dataset.isEmpty()) {
            response.getHeader().setRcode(Rcode.SERVFAIL); // nothing to tell until a dataset is active
            return;
        }
        response.addRecord(txt(name, TxtStrings.info(dataset.get())), Section.ANSWER);
    }

    /** RFC 5782: listed (RED, YELLOW) answers its code and a TXT that says why; anything else NXDOMAIN. */
    private void blocklist(Zones.Kind list, Name zone, Name name, int type, Lookup lookup, Message response) {
        Decided decided = decide(lookup, response);
        if (decided == null) {
            return;
        }
        byte[] code = decided.verdict() == null
                ? null
                : ListingCodes.listed(list, decided.verdict().category());
        if (code == null) {
            noSuchName(zone, response);
            return;
        }
        String text = TxtStrings.listing(decided.verdict(), decided.match(), decided.source());
        listed(zone, name, type, code, text, response);
    }

    /** A listed name: A for A (and ANY, RFC 8482), TXT for TXT, no data for any other type. */
    private void listed(Name zone, Name name, int type, byte[] address, String text, Message response) {
        if (type == Type.A || type == Type.ANY) {
            response.addRecord(new ARecord(name, DClass.IN, answerTtl, address), Section.ANSWER);
        } else if (type == Type.TXT) {
            response.addRecord(txt(name, text), Section.ANSWER);
        } else {
            noData(zone, response);
        }
    }

    /** What a lookup decided, or null after setting the response's error. */
    private static Decided decide(Lookup lookup, Message response) {
        LookupOutcome outcome;
        try {
            outcome = lookup.outcome();
        } catch (InvalidInputException e) {
            return new Decided(null, null, null, null); // a name no lookup accepts: not listed
        } catch (NoDatasetException e) {
            response.getHeader().setRcode(Rcode.SERVFAIL); // nothing was checked: no negative answer
            return null;
        }
        if (outcome instanceof LookupOutcome.Known known) {
            return new Decided(known.subject(), known.verdict(), known.match(), known.source());
        }
        if (outcome instanceof LookupOutcome.LocalOverride local) {
            return new Decided(local.subject(), local.verdict(), local.match(), local.source());
        }
        return new Decided(null, null, null, null);
    }

    /** A lookup's verdict and where it came from; all null when nothing is known. */
    private record Decided(Subject subject, Verdict verdict, Match match, Source source) {}

    @FunctionalInterface
    private interface Lookup {
        LookupOutcome outcome();
    }

    private void noSuchName(Name zone, Message response) {
        response.getHeader().setRcode(Rcode.NXDOMAIN);
        response.addRecord(soa(zone, Math.min(negativeTtl, answerTtl)), Section.AUTHORITY);
    }

    /** NOERROR without an answer (RFC 2308 §2.2: NODATA), with the SOA for its negative TTL. */
    private void noData(Name zone, Message response) {
        response.addRecord(soa(zone, Math.min(negativeTtl, answerTtl)), Section.AUTHORITY);
    }

    /**
     * The zone's SOA. The serial is the active dataset's sequence (0 before there is one), so it grows
     * with every import; the minimum is the negative TTL (RFC 2308 §4).
     */
    private SOARecord soa(Name zone, long ttl) {
        long serial =
                lookups.dataset().map(info -> info.sequence() & 0xFFFF_FFFFL).orElse(0L);
        return new SOARecord(
                zone,
                DClass.IN,
                ttl,
                zones.nameServer(),
                zones.hostmaster(),
                serial,
                SOA_REFRESH_SECONDS,
                SOA_RETRY_SECONDS,
                SOA_EXPIRE_SECONDS,
                negativeTtl);
    }

    private Record txt(Name name, String text) {
        return Record.newRecord(name, Type.TXT, DClass.IN, answerTtl, TxtStrings.rdata(text));
    }

    /** A response with the query's id, opcode and RD and CD bits (RFC 1035 §4.1.1, RFC 4035 §3.1.6). */
    private static Message reply(Message query, int rcode) {
        Header asked = query.getHeader();
        Message response = new Message(asked.getID());
        Header header = response.getHeader();
        header.setFlag(Flags.QR);
        header.setOpcode(asked.getOpcode());
        if (asked.getFlag(Flags.RD)) {
            header.setFlag(Flags.RD);
        }
        if (asked.getFlag(Flags.CD)) {
            header.setFlag(Flags.CD);
        }
        header.setRcode(rcode);
        return response;
    }

    /** Echoes the question, when the query had exactly one and it was read whole. */
    private static Message withQuestion(Message query, Message response) {
        if (whole(query) && query.getSection(Section.QUESTION).size() == 1) {
            response.addRecord(query.getQuestion(), Section.QUESTION);
        }
        return response;
    }

    /**
     * Whether every record the header counts was read: dnsjava reads a message whose TC bit is set
     * leniently, stopping where it ends, which would leave a counted question missing.
     */
    private static boolean whole(Message query) {
        for (int section : new int[] {Section.QUESTION, Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            if (query.getSection(section).size() != query.getHeader().getCount(section)) {
                return false;
            }
        }
        return true;
    }

    private static int optCount(Message query) {
        int count = 0;
        for (Record record : query.getSection(Section.ADDITIONAL)) {
            if (record.getType() == Type.OPT) {
                count++;
            }
        }
        return count;
    }

    /**
     * The response's bytes within what the client can take: on UDP 512 bytes without EDNS, else its
     * advertised size between 512 and {@link #MAX_UDP_BYTES}. Too large: the header and question
     * only, with TC set, so that the client retries over TCP (RFC 2181 §9).
     */
    private static byte[] encode(Message query, Message response, boolean udp) {
        int rcode = response.getHeader().getRcode();
        OPTRecord opt = query.getOPT();
        if (opt != null && opt.getVersion() > 0) {
            rcode = Rcode.BADVERS;
        }
        addOpt(query, response, rcode);
        byte[] wire = response.toWire();
        int limit = udp ? udpLimit(query) : MAX_TCP_BYTES;
        if (wire.length <= limit) {
            return wire;
        }
        Message truncated = reply(query, response.getHeader().getRcode());
        truncated.getHeader().setFlag(Flags.TC);
        if (response.getHeader().getFlag(Flags.AA)) {
            truncated.getHeader().setFlag(Flags.AA);
        }
        withQuestion(query, truncated);
        addOpt(query, truncated, rcode);
        return truncated.toWire();
    }

    /** An OPT in the response when the query had one (RFC 6891 §6.1.1), with our size and its DO bit. */
    private static void addOpt(Message query, Message response, int rcode) {
        OPTRecord opt = query.getOPT();
        if (opt == null) {
            return;
        }
        int flags = opt.getFlags() & ExtendedFlags.DO;
        response.addRecord(new OPTRecord(MAX_UDP_BYTES, rcode >>> 4, 0, flags), Section.ADDITIONAL);
    }

    private static int udpLimit(Message query) {
        OPTRecord opt = query.getOPT();
        if (opt == null) {
            return CLASSIC_UDP_BYTES;
        }
        return Math.max(CLASSIC_UDP_BYTES, Math.min(MAX_UDP_BYTES, opt.getPayloadSize()));
    }

    /** FORMERR for a packet that is not a DNS message: its id and opcode, nothing else. */
    private static byte[] formatError(byte[] query) {
        byte[] response = new byte[Header.LENGTH];
        response[0] = query[0];
        response[1] = query[1];
        // QR set, the opcode and RD bit kept; AA, TC clear. RA clear; rcode FORMERR.
        response[2] = (byte) (0x80 | (query[2] & 0x79));
        response[3] = (byte) Rcode.FORMERR;
        return response;
    }
}
