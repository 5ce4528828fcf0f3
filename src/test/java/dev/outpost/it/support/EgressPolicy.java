package dev.outpost.it.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a traced process may send, judged call by call from {@link StraceLog} (issue 13, "no
 * customer data leaves"). Deny by default:
 *
 * <ul>
 *   <li>{@code AF_INET}/{@code AF_INET6}: loopback only (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104),
 *       and never port 53, not even on loopback (a local stub resolver forwards the query);
 *   <li>{@code AF_NETLINK} is the kernel (getaddrinfo asks it for the interfaces' addresses);
 *       {@code AF_UNSPEC} in a connect dissolves a UDP association and sends nothing;
 *   <li>{@code AF_UNIX}: systemd-resolved's sockets are DNS, always refused. nscd's socket serves
 *       the user, group and hosts databases alike; the JVM asks it for its own user at start
 *       ({@code getpwuid_r} for {@code user.name} and the perf-data directory), which is allowed
 *       only when the call's stack ({@code strace -k}) shows a user or group lookup and no host
 *       lookup. A connect to any other local socket is refused: the appliance needs no local
 *       daemon, so one that appears must be looked at (and then allowed here, with the reason);
 *   <li>{@code io_uring_setup}: refused, its submissions would bypass this trace;
 *   <li>any other address family, and any call whose address cannot be read, is refused.
 * </ul>
 *
 * A socket's peer as {@code -yy} prints it ({@code 53<UDP:[10.0.0.2:5000->10.0.0.1:53]>}) is judged
 * as well, so that a send on a connected socket is caught even without its connect.
 */
public final class EgressPolicy {
    private static final Set<String> NSCD_SOCKETS = Set.of("/var/run/nscd/socket", "/run/nscd/socket");
    private static final List<String> RESOLVER_SOCKETS = List.of("/run/systemd/resolve/", "/var/run/systemd/resolve/");
    /** libc and JDK functions that look up the user or group database. */
    private static final Pattern USER_LOOKUP =
            Pattern.compile("\\((getpw\\w*|getgr\\w*|initgroups|getgrouplist|getspnam\\w*)\\+0x");
    /** libc and JDK functions that look up host names or addresses. */
    private static final Pattern HOST_LOOKUP = Pattern.compile(
            "\\((getaddrinfo|gethostby\\w*|getnameinfo|gethostent\\w*|res_\\w*|__res_\\w*|\\w*lookupAllHostAddr|\\w*getHostByAddr)\\+0x");

    private static final Pattern FAMILY = Pattern.compile("^sa_family=(\\w+)");
    private static final Pattern INET_PORT = Pattern.compile("\\bsin6?_port=htons\\((\\d+)\\)");
    private static final Pattern INET4_ADDRESS = Pattern.compile("\\bsin_addr=inet_addr\\(\"([^\"]*)\"\\)");
    private static final Pattern INET6_ADDRESS = Pattern.compile("inet_pton\\(AF_INET6, \"([^\"]*)\"");
    private static final Pattern UNIX_PATH = Pattern.compile("\\bsun_path=(@?)\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** The first argument as -yy decorates an inet socket: {@code 7<TCPv6:[[::1]:40000->[::1]:8080]>}. */
    private static final Pattern INET_FD = Pattern.compile("^\\d+<(?:TCP|UDP|UDPLITE|SCTP|RAW)(?:v6)?:\\[(.*)\\]>");

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private EgressPolicy() {}

    /** The verdict on one call. */
    public sealed interface Judgement {
        StraceLog.Call call();

        String reason();
    }

    public record Allowed(StraceLog.Call call, String family, String reason) implements Judgement {}

    public record Forbidden(StraceLog.Call call, String reason) implements Judgement {}

    /** Judges every call of the log; a log with unreadable lines is refused as a whole by the caller. */
    public static List<Judgement> judge(StraceLog log) {
        List<Judgement> judgements = new ArrayList<>();
        for (StraceLog.Call call : log.calls()) {
            judgements.addAll(judge(call));
        }
        return judgements;
    }

    /** One judgement per address in the call (a sendmmsg may carry several), or one for the call. */
    public static List<Judgement> judge(StraceLog.Call call) {
        if (call.syscall().startsWith("io_uring")) {
            return List.of(new Forbidden(call, "io_uring submits I/O that this trace cannot see"));
        }
        List<Judgement> judgements = new ArrayList<>();
        peer(call).ifPresent(peer -> judgements.add(inet(call, "peer of the socket", peer.host, peer.port)));
        for (String address : socketAddresses(call.arguments())) {
            judgements.add(address(call, address));
        }
        if (judgements.isEmpty()) {
            if (call.arguments().contains("sa_family=") || call.arguments().contains("msg_name={")) {
                judgements.add(new Forbidden(call, "an address that could not be read"));
            } else {
                judgements.add(
                        new Allowed(call, "none", "no address: a connected or local socket, judged at its connect"));
            }
        }
        return judgements;
    }

    private static Judgement address(StraceLog.Call call, String address) {
        Matcher family = FAMILY.matcher(address);
        if (!family.find()) {
            return new Forbidden(call, "an address without a family: " + address);
        }
        switch (family.group(1)) {
            case "AF_INET", "AF_INET6" -> {
                Matcher port = INET_PORT.matcher(address);
                Matcher host = (family.group(1).equals("AF_INET") ? INET4_ADDRESS : INET6_ADDRESS).matcher(address);
                if (!port.find() || !host.find()) {
                    return new Forbidden(call, "an internet address that could not be read: " + address);
                }
                return inet(call, family.group(1), host.group(1), Integer.parseInt(port.group(1)));
            }
            case "AF_NETLINK" -> {
                return new Allowed(call, "AF_NETLINK", "the kernel");
            }
            case "AF_UNSPEC" -> {
                return call.syscall().equals("connect")
                        ? new Allowed(call, "AF_UNSPEC", "dissolves a UDP association; sends nothing")
                        : new Forbidden(call, "AF_UNSPEC outside connect");
            }
            case "AF_UNIX" -> {
                return unix(call, address);
            }
            default -> {
                return new Forbidden(call, family.group(1) + " is not an allowed address family");
            }
        }
    }

    private static Judgement inet(StraceLog.Call call, String what, String host, int port) {
        if (port == 53) {
            return new Forbidden(call, "DNS: port 53 of " + host + " (" + what + ")");
        }
        if (!isLoopback(host)) {
            return new Forbidden(call, "not loopback: " + host + " port " + port + " (" + what + ")");
        }
        return new Allowed(call, what.startsWith("AF_") ? what : "peer", "loopback " + host + " port " + port);
    }

    private static Judgement unix(StraceLog.Call call, String address) {
        Matcher path = UNIX_PATH.matcher(address);
        if (!path.find()) {
            return new Allowed(call, "AF_UNIX", "unnamed local socket");
        }
        String name = path.group(1) + path.group(2);
        if (RESOLVER_SOCKETS.stream().anyMatch(name::startsWith)) {
            return new Forbidden(call, "DNS: systemd-resolved's socket " + name);
        }
        if (NSCD_SOCKETS.contains(name)) {
            String stack = String.join("\n", call.stack());
            if (HOST_LOOKUP.matcher(stack).find()) {
                return new Forbidden(call, "a host name lookup through nscd (" + name + "), which nscd answers by DNS");
            }
            if (USER_LOOKUP.matcher(stack).find()) {
                return new Allowed(call, "AF_UNIX", "user or group lookup through nscd");
            }
            return new Forbidden(
                    call,
                    "a lookup through nscd (" + name + ") whose stack shows neither a user nor a host lookup"
                            + (call.stack().isEmpty() ? " (no stack: was strace run with -k?)" : ""));
        }
        return new Forbidden(call, "a local socket not on the allow list: " + name);
    }

    /** Loopback by address literal only: a name here is never resolved (that would be a lookup). */
    static boolean isLoopback(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
            return false;
        }
        try {
            // Literals only (checked above), so no lookup. Java reads ::ffff:a.b.c.d as IPv4 a.b.c.d.
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException notALiteral) {
            return false;
        }
    }

    /** The peer of an inet socket the first argument names, as -yy prints it, if it has one. */
    private static Optional<Peer> peer(StraceLog.Call call) {
        Matcher fd = INET_FD.matcher(call.arguments());
        if (!fd.find()) {
            return Optional.empty();
        }
        String endpoints = fd.group(1);
        int arrow = endpoints.indexOf("->");
        if (arrow < 0) {
            return Optional.empty(); // Not connected: an inode number or a local address only.
        }
        String remote = endpoints.substring(arrow + 2);
        int colon = remote.lastIndexOf(':');
        if (colon < 0) {
            return Optional.of(new Peer(remote, -1));
        }
        try {
            return Optional.of(new Peer(remote.substring(0, colon), Integer.parseInt(remote.substring(colon + 1))));
        } catch (NumberFormatException e) {
            return Optional.of(new Peer(remote, -1));
        }
    }

    private record Peer(String host, int port) {}

    /**
     * Every {@code {sa_family=…}} structure in the argument text, outside quoted strings (a buffer's
     * bytes are printed as a string and may contain anything).
     */
    static List<String> socketAddresses(String arguments) {
        List<String> found = new ArrayList<>();
        boolean quoted = false;
        for (int i = 0; i < arguments.length(); i++) {
            char c = arguments.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '{' && arguments.startsWith("sa_family=", i + 1)) {
                int end = closing(arguments, i);
                found.add(arguments.substring(i + 1, end < 0 ? arguments.length() : end));
                if (end < 0) {
                    break;
                }
                i = end;
            }
        }
        return found;
    }

    /** The index of the brace closing the one at {@code open}, skipping quoted strings; -1 if none. */
    private static int closing(String text, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
