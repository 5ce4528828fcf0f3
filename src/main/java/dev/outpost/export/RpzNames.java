package dev.outpost.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.outpost.web.IpRange;

/**
 * Owner names of RPZ triggers, relative to the policy zone's origin (draft-vixie-dnsop-dns-rpz §4.2,
 * interop.md §3.4), in the canonical form BIND's {@code ip2name} produces, so that BIND loads them
 * without its "is not the canonical" warning and Unbound reads the same addresses.
 */
public final class RpzNames {
    /** The subdomain of the policy zone whose names are response-IP triggers. */
    public static final String RPZ_IP = "rpz-ip";

    private RpzNames() {}

    /**
     * The rpz-ip trigger of a network: {@code <prefix>.<reversed address>.rpz-ip}. IPv4 writes its
     * four octets reversed ({@code 24.0.2.0.192.rpz-ip}); IPv6 its eight 16-bit groups reversed, in
     * lower-case hex without leading zeros, with the longest run of two or more zero groups written
     * once as {@code zz} (the first such run of the address, as RFC 5952 shortens it; BIND's
     * {@code ip2name} picks the same run): {@code 32.zz.db8.2001.rpz-ip}. Null for a prefix length
     * of 0, which no RPZ implementation accepts (BIND's {@code name2ipkey} wants 1 to 128).
     */
    public static String ipTrigger(IpRange range) {
        int prefix = range.familyPrefixLength();
        if (prefix == 0) {
            return null;
        }
        byte[] address = range.address();
        StringBuilder name = new StringBuilder(64).append(prefix);
        if (range.isIpv4()) {
            for (int i = 15; i >= 12; i--) {
                name.append('.').append(address[i] & 0xFF);
            }
            return name.append('.').append(RPZ_IP).toString();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
        }
        int runStart = -1;
        int runLength = 1; // a single zero group is written as 0, not zz
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > runLength) {
                runStart = start;
                runLength = i - start;
            }
        }
        List<String> labels = new ArrayList<>(8);
        for (int i = 0; i < 8; i++) {
            if (i == runStart) {
                labels.add("zz");
                i += runLength - 1;
            } else {
                labels.add(Integer.toHexString(groups[i]));
            }
        }
        Collections.reverse(labels);
        for (String label : labels) {
            name.append('.').append(label);
        }
        return name.append('.').append(RPZ_IP).toString();
    }
}
