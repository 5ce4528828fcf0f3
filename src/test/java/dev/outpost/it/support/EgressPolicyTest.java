package dev.outpost.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The egress check of {@code NoEgressIT} on strace lines of the shapes strace 6 writes with
 * {@code -f -yy -k}: it must be able to fail, on a non-loopback connect and on every kind of name
 * lookup, however the lines are split.
 */
class EgressPolicyTest {
    private static final List<String> GETPWUID_STACK = List.of(
            " > /usr/lib/x86_64-linux-gnu/libc.so.6(__connect+0x4b) [0x10a7fb]",
            " > /usr/lib/x86_64-linux-gnu/libc.so.6(svc_run+0x34b4) [0x14bca4]",
            " > /usr/lib/x86_64-linux-gnu/libc.so.6(getpwuid_r+0x18f) [0xd369f]",
            " > /usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so(PerfMemory::create_memory_region(unsigned"
                    + " long)+0xf2) [0xc6f6f2]");
    private static final List<String> GETADDRINFO_STACK = List.of(
            " > /usr/lib/x86_64-linux-gnu/libc.so.6(__connect+0x4b) [0x10a7fb]",
            " > /usr/lib/x86_64-linux-gnu/libc.so.6(svc_run+0x19f6) [0x14a1e6]",
            " > /usr/lib/x86_64-linux-gnu/libc.so.6(getaddrinfo+0x18a2) [0xf1512]",
            " > /usr/lib/jvm/java-17-openjdk-amd64/lib/libnet.so(Java_java_net_Inet6AddressImpl_lookupAllHostAddr+0x8f)"
                    + " [0x655f]",
            " > unexpected_backtracing_error [0x7f15289455da]");

    @Test
    void refusesAConnectToAnAddressBeyondLoopback() {
        List<EgressPolicy.Judgement> judged =
                judge("4711  connect(12<TCP:[60211]>, {sa_family=AF_INET, sin_port=htons(443),"
                        + " sin_addr=inet_addr(\"93.184.216.34\")}, 16) = -1 EINPROGRESS (Operation now in progress)");
        assertThat(forbidden(judged)).containsExactly("not loopback: 93.184.216.34 port 443 (AF_INET)");
    }

    @Test
    void refusesADnsQuerySentWithSendto() {
        List<EgressPolicy.Judgement> judged = judge(
                "4711  sendto(53<UDP:[78497]>, \"U\\372\\1\\0\\0\\1\\0\\0\\0\\0\\0\\0\\7outpost\\4acme\\0\\0\\1\\0\\1\","
                        + " 30, MSG_NOSIGNAL, {sa_family=AF_INET, sin_port=htons(53),"
                        + " sin_addr=inet_addr(\"10.255.255.53\")}, 16) = 30");
        assertThat(forbidden(judged)).containsExactly("DNS: port 53 of 10.255.255.53 (AF_INET)");
    }

    @Test
    void refusesPort53EvenOnLoopbackAndOverIpv6() {
        List<EgressPolicy.Judgement> judged = judge(
                "4711  connect(7<UDP:[1]>, {sa_family=AF_INET, sin_port=htons(53),"
                        + " sin_addr=inet_addr(\"127.0.0.53\")}, 16) = 0",
                "4712  connect(8<TCPv6:[2]>, {sa_family=AF_INET6, sin6_port=htons(53), sin6_flowinfo=htonl(0),"
                        + " inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = 0");
        assertThat(forbidden(judged))
                .containsExactly("DNS: port 53 of 127.0.0.53 (AF_INET)", "DNS: port 53 of ::1 (AF_INET6)");
    }

    @Test
    void refusesTheQueriesGlibcSendsWithSendmmsgOnAConnectedSocket() {
        // glibc connects its UDP socket first, then sends A and AAAA without an address: the peer
        // that -yy prints is what gives it away.
        List<EgressPolicy.Judgement> judged =
                judge("479   sendmmsg(53<UDP:[192.0.2.2:50323->10.255.255.53:53]>, [{msg_hdr={msg_name=NULL,"
                        + " msg_namelen=0, msg_iov=[{iov_base=\"U\\372\\1\\0\\0\\1\", iov_len=35}], msg_iovlen=1,"
                        + " msg_controllen=0, msg_flags=0}, msg_len=35}], 2, MSG_NOSIGNAL) = 2");
        assertThat(forbidden(judged)).containsExactly("DNS: port 53 of 10.255.255.53 (peer of the socket)");
    }

    @Test
    void refusesAnAddressInASendmsgHeader() {
        List<EgressPolicy.Judgement> judged =
                judge("4711  sendmsg(9<UDPv6:[3]>, {msg_name={sa_family=AF_INET6, sin6_port=htons(514),"
                        + " sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"2001:db8::5\", &sin6_addr),"
                        + " sin6_scope_id=0}, msg_namelen=28, msg_iov=[{iov_base=\"x\", iov_len=1}], msg_iovlen=1,"
                        + " msg_controllen=0, msg_flags=0}, 0) = 1");
        assertThat(forbidden(judged)).containsExactly("not loopback: 2001:db8::5 port 514 (AF_INET6)");
    }

    @Test
    void joinsACallSplitAcrossOtherThreadsLines() {
        StraceLog log = StraceLog.parse(List.of(
                "4711  connect(12<TCP:[60211]>, {sa_family=AF_INET, sin_port=htons(8443), <unfinished ...>",
                "4712  connect(13<TCP:[60212]>, {sa_family=AF_INET, sin_port=htons(5432),"
                        + " sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
                "4711  <... connect resumed>sin_addr=inet_addr(\"203.0.113.9\")}, 16) = -1 ETIMEDOUT (Connection timed"
                        + " out)"));
        assertThat(log.unreadable()).isEmpty();
        assertThat(log.calls()).hasSize(2);
        List<EgressPolicy.Judgement> judged = EgressPolicy.judge(log);
        assertThat(forbidden(judged)).containsExactly("not loopback: 203.0.113.9 port 8443 (AF_INET)");
        assertThat(allowed(judged)).containsExactly("loopback 127.0.0.1 port 5432");
        assertThat(log.calls().get(0).result()).isEqualTo("-1 ETIMEDOUT (Connection timed out)");
        assertThat(log.calls().get(0).line()).contains("<unfinished ...>").contains("<... connect resumed>");
    }

    @Test
    void aCallUnfinishedWhenTheTraceEndedIsStillJudged() {
        List<EgressPolicy.Judgement> judged = judge(
                "4711  connect(12<TCP:[60211]>, {sa_family=AF_INET, sin_port=htons(80),"
                        + " sin_addr=inet_addr(\"192.0.2.80\")}, 16 <unfinished ...>",
                "4711  +++ killed by SIGKILL +++");
        assertThat(forbidden(judged)).containsExactly("not loopback: 192.0.2.80 port 80 (AF_INET)");
    }

    @Test
    void allowsLoopbackInEveryForm() {
        List<EgressPolicy.Judgement> judged = judge(
                "1  connect(5<TCP:[1]>, {sa_family=AF_INET, sin_port=htons(5432), sin_addr=inet_addr(\"127.0.0.1\")}, 16)"
                        + " = 0",
                "1  connect(5<TCP:[1]>, {sa_family=AF_INET, sin_port=htons(5432), sin_addr=inet_addr(\"127.8.9.10\")},"
                        + " 16) = 0",
                "1  connect(6<TCPv6:[2]>, {sa_family=AF_INET6, sin6_port=htons(8080), sin6_flowinfo=htonl(0),"
                        + " inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = 0",
                "1  connect(6<UDPv6:[2]>, {sa_family=AF_INET6, sin6_port=htons(9), sin6_flowinfo=htonl(0),"
                        + " inet_pton(AF_INET6, \"::ffff:127.0.0.1\", &sin6_addr), sin6_scope_id=0}, 28) = 0",
                "1  sendto(7<TCPv6:[[::1]:40000->[::1]:8080]>, \"GET / HTTP/1.1\\r\\n\", 16, MSG_NOSIGNAL, NULL, 0) = 16");
        assertThat(forbidden(judged)).isEmpty();
        assertThat(allowed(judged))
                .contains(
                        "loopback 127.0.0.1 port 5432",
                        "loopback 127.8.9.10 port 5432",
                        "loopback ::1 port 8080",
                        "loopback ::ffff:127.0.0.1 port 9",
                        "loopback [::1] port 8080");
    }

    @Test
    void anIpv4MappedAddressBeyondLoopbackIsRefused() {
        List<EgressPolicy.Judgement> judged =
                judge("1  connect(6<TCPv6:[2]>, {sa_family=AF_INET6, sin6_port=htons(5432), sin6_flowinfo=htonl(0),"
                        + " inet_pton(AF_INET6, \"::ffff:10.1.2.3\", &sin6_addr), sin6_scope_id=0}, 28) = 0");
        assertThat(forbidden(judged)).containsExactly("not loopback: ::ffff:10.1.2.3 port 5432 (AF_INET6)");
    }

    @Test
    void aHostLookupThroughNscdIsRefusedAndAUserLookupAllowed() {
        String nscd = "4712  connect(53<UNIX-STREAM:[60021]>, {sa_family=AF_UNIX, sun_path=\"/var/run/nscd/socket\"},"
                + " 110) = -1 ENOENT (No such file or directory)";
        List<String> lines = new java.util.ArrayList<>();
        lines.add(nscd);
        lines.addAll(GETADDRINFO_STACK);
        lines.add(nscd);
        lines.addAll(GETPWUID_STACK);
        lines.add(nscd); // no stack: cannot tell what was asked
        List<EgressPolicy.Judgement> judged = judge(lines.toArray(String[]::new));
        assertThat(forbidden(judged))
                .containsExactly(
                        "a host name lookup through nscd (/var/run/nscd/socket), which nscd answers by DNS",
                        "a lookup through nscd (/var/run/nscd/socket) whose stack shows neither a user nor a host"
                                + " lookup (no stack: was strace run with -k?)");
        assertThat(allowed(judged)).containsExactly("user or group lookup through nscd");
    }

    @Test
    void systemdResolvedAndUnknownLocalSocketsAreRefused() {
        List<EgressPolicy.Judgement> judged = judge(
                "1  connect(9<UNIX-STREAM:[7]>, {sa_family=AF_UNIX,"
                        + " sun_path=\"/run/systemd/resolve/io.systemd.Resolve\"}, 42) = 0",
                "1  connect(9<UNIX-STREAM:[7]>, {sa_family=AF_UNIX, sun_path=\"/var/run/postgresql/.s.PGSQL.5432\"},"
                        + " 35) = 0",
                "1  sendto(3<UNIX-DGRAM:[8]>, \"<14>outpost: hello\", 18, MSG_NOSIGNAL, {sa_family=AF_UNIX,"
                        + " sun_path=\"/dev/log\"}, 110) = 18");
        assertThat(forbidden(judged))
                .containsExactly(
                        "DNS: systemd-resolved's socket /run/systemd/resolve/io.systemd.Resolve",
                        "a local socket not on the allow list: /var/run/postgresql/.s.PGSQL.5432",
                        "a local socket not on the allow list: /dev/log");
    }

    @Test
    void netlinkAndDisconnectsAreAllowed() {
        List<EgressPolicy.Judgement> judged = judge(
                "3904  sendto(6<NETLINK:[ROUTE:3904]>, [{nlmsg_len=20, nlmsg_type=RTM_GETADDR,"
                        + " nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP, nlmsg_seq=1796015343, nlmsg_pid=0}, {ifa_family=AF_UNSPEC,"
                        + " ...}], 20, 0, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 20",
                "3904  connect(7<UDP:[9]>, {sa_family=AF_UNSPEC, sa_data=\"\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\"}, 16)"
                        + " = 0");
        assertThat(forbidden(judged)).isEmpty();
        assertThat(allowed(judged)).containsExactly("the kernel", "dissolves a UDP association; sends nothing");
    }

    @Test
    void bytesInABufferAreNeverReadAsAnAddress() {
        // A payload that spells an address is data, not where the call goes.
        List<EgressPolicy.Judgement> judged =
                judge("1  sendto(7<TCP:[127.0.0.1:40000->127.0.0.1:8080]>, \"{sa_family=AF_INET, sin_port=htons(53),"
                        + " sin_addr=inet_addr(\\\"8.8.8.8\\\")}\", 60, MSG_NOSIGNAL, NULL, 0) = 60");
        assertThat(forbidden(judged)).isEmpty();
        assertThat(allowed(judged)).containsExactly("loopback 127.0.0.1 port 8080");
    }

    @Test
    void otherFamiliesAndIoUringAreRefused() {
        List<EgressPolicy.Judgement> judged = judge(
                "1  connect(5<VSOCK:[1]>, {sa_family=AF_VSOCK, svm_cid=2, svm_port=1024}, 16) = 0",
                "1  io_uring_setup(8, {flags=0, sq_thread_cpu=0, sq_thread_idle=0}) = 9");
        assertThat(forbidden(judged))
                .containsExactly(
                        "AF_VSOCK is not an allowed address family", "io_uring submits I/O that this trace cannot see");
    }

    @Test
    void keepsExitsAndSkipsSignalsButReportsLinesOfUnknownShape() {
        StraceLog log = StraceLog.parse(List.of(
                "22995 --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=25170, si_uid=0} ---",
                "22995 +++ exited with 143 +++",
                "23001 +++ killed by SIGKILL +++",
                "strace: Process 23002 attached",
                " > /usr/lib/x86_64-linux-gnu/libc.so.6(__connect+0x4b) [0x10a7fb]"));
        assertThat(log.exits()).containsEntry(22995, "exited with 143").containsEntry(23001, "killed by SIGKILL");
        assertThat(log.calls()).isEmpty();
        assertThat(log.unreadable())
                .containsExactly(
                        "strace: Process 23002 attached",
                        " > /usr/lib/x86_64-linux-gnu/libc.so.6(__connect+0x4b) [0x10a7fb]");
    }

    @Test
    void loopbackIsDecidedOnLiteralsOnlyNeverByResolvingAName() {
        assertThat(EgressPolicy.isLoopback("127.0.0.1")).isTrue();
        assertThat(EgressPolicy.isLoopback("::ffff:127.1.2.3")).isTrue();
        assertThat(EgressPolicy.isLoopback("[::1]")).isTrue();
        assertThat(EgressPolicy.isLoopback("localhost")).isFalse();
        assertThat(EgressPolicy.isLoopback("0.0.0.0")).isFalse();
        assertThat(EgressPolicy.isLoopback("::")).isFalse();
        assertThat(EgressPolicy.isLoopback("10.0.0.1")).isFalse();
    }

    private static List<EgressPolicy.Judgement> judge(String... lines) {
        StraceLog log = StraceLog.parse(List.of(lines));
        assertThat(log.unreadable()).isEmpty();
        return EgressPolicy.judge(log);
    }

    private static List<String> forbidden(List<EgressPolicy.Judgement> judged) {
        return judged.stream()
                .filter(EgressPolicy.Forbidden.class::isInstance)
                .map(EgressPolicy.Judgement::reason)
                .toList();
    }

    private static List<String> allowed(List<EgressPolicy.Judgement> judged) {
        return judged.stream()
                .filter(EgressPolicy.Allowed.class::isInstance)
                .map(EgressPolicy.Judgement::reason)
                .toList();
    }
}
