package dev.outpost.url;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The host-suffix × path-prefix expressions of a canonical URL (Safe Browsing v4, "Suffix/Prefix
 * Expressions"): at most 5 hosts (the exact host, then up to 4 suffixes taken from the last five
 * components, never the top-level domain alone; none for an IP address) times at most 6 paths (the
 * exact path with and without its query, then up to 4 prefixes from the root, each ending in a
 * slash). Verdicts are stored per expression; a URL matches through any of them.
 */
public final class UrlExpressions {
    public static final int MAX_HOSTS = 5;
    public static final int MAX_PATHS = 6;
    private static final int MAX_HOST_SUFFIX_COMPONENTS = 5;
    private static final int MAX_PATH_PREFIXES = 4;

    private UrlExpressions() {}

    /**
     * The expressions, most specific first: the exact host with each path (exact with query, exact,
     * then prefixes longest first), then each host suffix in the same way.
     */
    public static List<String> of(CanonicalUrl url) {
        List<String> paths = paths(url);
        Set<String> expressions = new LinkedHashSet<>();
        for (String host : hosts(url)) {
            for (String path : paths) {
                expressions.add(host + path);
            }
        }
        return List.copyOf(expressions);
    }

    /** The exact host, then its suffixes (none for an IP address). */
    public static List<String> hosts(CanonicalUrl url) {
        List<String> hosts = new ArrayList<>(MAX_HOSTS);
        hosts.add(url.host());
        if (url.hostIsIp()) {
            return hosts;
        }
        String[] components = url.host().split("\\.", -1);
        int longest = Math.min(MAX_HOST_SUFFIX_COMPONENTS, components.length - 1);
        for (int length = longest; length >= 2; length--) {
            String suffix = String.join(
                    ".", java.util.Arrays.copyOfRange(components, components.length - length, components.length));
            // A suffix that reads as an IPv4 address ("51.22" of "x.51.22") names no domain and would
            // not be canonical on its own; real top-level domains are never numeric.
            if (IpAddresses.canonicalIpv4(suffix) == null) {
                hosts.add(suffix);
            }
        }
        return hosts;
    }

    static List<String> paths(CanonicalUrl url) {
        Set<String> paths = new LinkedHashSet<>();
        String path = url.path();
        if (url.query() != null) {
            paths.add(path + "?" + url.query());
        }
        paths.add(path);
        // Directory prefixes from the root, every segment but a trailing file name, at most four;
        // listed longest first so that the candidates run from most to least specific.
        List<String> prefixes = new ArrayList<>(MAX_PATH_PREFIXES);
        prefixes.add("/");
        int slash = path.indexOf('/', 1);
        while (slash > 0 && prefixes.size() < MAX_PATH_PREFIXES) {
            prefixes.add(path.substring(0, slash + 1));
            slash = path.indexOf('/', slash + 1);
        }
        java.util.Collections.reverse(prefixes);
        paths.addAll(prefixes);
        return List.copyOf(paths);
    }
}
