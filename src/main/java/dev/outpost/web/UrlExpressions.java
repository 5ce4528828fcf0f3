package dev.outpost.web;

import java.util.ArrayList;
import java.util.List;

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
     * then prefixes longest first), then each host suffix in the same way. Hosts are distinct and
     * so are paths, so no expression repeats.
     */
    public static List<String> of(CanonicalUrl url) {
        List<String> paths = paths(url);
        List<String> expressions = new ArrayList<>(MAX_HOSTS * MAX_PATHS);
        for (String host : hosts(url)) {
            for (String path : paths) {
                expressions.add(host + path);
            }
        }
        return expressions;
    }

    /** The exact host, then its suffixes, longest first (none for an IP address). */
    public static List<String> hosts(CanonicalUrl url) {
        String host = url.host();
        List<String> hosts = new ArrayList<>(MAX_HOSTS);
        hosts.add(host);
        if (url.hostIsIp()) {
            return hosts;
        }
        // The suffix of k components starts after the k-th dot from the end. Only the last five
        // components count, and the top-level domain alone is never a suffix.
        int[] dots = new int[MAX_HOST_SUFFIX_COMPONENTS];
        int found = 0;
        for (int i = host.length() - 1; i >= 0 && found < dots.length; i--) {
            if (host.charAt(i) == '.') {
                dots[found++] = i;
            }
        }
        for (int components = found; components >= 2; components--) {
            String suffix = host.substring(dots[components - 1] + 1);
            // A suffix that reads as an IPv4 address ("51.22" of "x.51.22") names no domain and would
            // not be canonical on its own; real top-level domains are never numeric.
            if (IpAddresses.canonicalIpv4(suffix) == null) {
                hosts.add(suffix);
            }
        }
        return hosts;
    }

    /** The exact path with and without its query, then directory prefixes, longest first; distinct. */
    public static List<String> paths(CanonicalUrl url) {
        List<String> paths = new ArrayList<>(MAX_PATHS);
        String path = url.path();
        if (url.query() != null) {
            paths.add(path + "?" + url.query());
        }
        paths.add(path);
        // Directory prefixes from the root, every segment but a trailing file name, at most four;
        // listed longest first so that the candidates run from most to least specific.
        String[] prefixes = new String[MAX_PATH_PREFIXES];
        prefixes[0] = "/";
        int count = 1;
        int slash = path.indexOf('/', 1);
        while (slash > 0 && count < MAX_PATH_PREFIXES) {
            prefixes[count++] = path.substring(0, slash + 1);
            slash = path.indexOf('/', slash + 1);
        }
        for (int i = count - 1; i >= 0; i--) {
            if (!prefixes[i].equals(path)) {
                paths.add(prefixes[i]);
            }
        }
        return paths;
    }
}
