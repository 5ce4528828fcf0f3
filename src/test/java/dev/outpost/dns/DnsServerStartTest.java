package dev.outpost.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;

import dev.outpost.config.CoreConfig;
import dev.outpost.reputation.InvalidInputException;

/**
 * When the front end starts, and how it fails to: only when enabled in the serving process (a CLI
 * command boots the application too, ADR 0004), and a port it cannot have stops the start naming it.
 * The real Vert.x and the real mappings; no lookup is ever made.
 */
class DnsServerStartTest {
    private Vertx vertx;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private DnsServer server(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(DnsConfig.class)
                .withMapping(CoreConfig.class)
                .addDiscoveredConverters() // Quarkus's durations (5m, 10s), as the server reads them
                .withValidateUnknown(false)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return new DnsServer(
                vertx, config.getConfigMapping(DnsConfig.class), config.getConfigMapping(CoreConfig.class), null, null);
    }

    private static Map<String, String> enabledOn(int port, String role) {
        Map<String, String> properties = new HashMap<>();
        properties.put("outpost.dns.enabled", "true");
        properties.put("outpost.dns.host", "127.0.0.1");
        properties.put("outpost.dns.port", Integer.toString(port));
        properties.put("outpost.role", role);
        return properties;
    }

    @Test
    void isOffByDefault() {
        DnsServer server = server(Map.of("outpost.dns.port", "0"));
        server.onStart(null);
        assertThat(server.port()).isEqualTo(-1);
    }

    @Test
    void neverStartsForACliCommand() {
        DnsServer server = server(enabledOn(0, "cli"));
        server.onStart(null);
        assertThat(server.port()).isEqualTo(-1);
    }

    @Test
    void refusesAnExemptionThatIsNoAddressNamingTheKey() {
        Map<String, String> properties = enabledOn(0, "serve");
        properties.put("outpost.dns.rate-limit.exempt", "10.0.0.53,resolver.example");
        DnsServer server = server(properties);
        assertThatThrownBy(() -> server.onStart(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("outpost.dns.rate-limit.exempt");
        assertThat(server.port()).isEqualTo(-1);
    }

    @Test
    void refusesOverlappingZonesNamingTheKeys() {
        Map<String, String> properties = enabledOn(0, "serve");
        properties.put("outpost.dns.zones.ip", "x.hash.outpost.internal");
        assertThatThrownBy(() -> server(properties).onStart(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("outpost.dns zones must be distinct");
    }

    @Test
    void stopsTheStartWhenItsUdpPortIsTaken() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(DnsClient.LOOPBACK, 0))) {
            int port = taken.getLocalPort();
            DnsServer server = server(enabledOn(port, "serve"));
            assertThatThrownBy(() -> server.onStart(null))
                    .isInstanceOf(DnsStartException.class)
                    .hasMessageContaining("cannot listen on UDP 127.0.0.1 port " + port)
                    .hasMessageContaining("outpost.dns.port");
            assertThat(server.port()).isEqualTo(-1);
        }
    }

    @Test
    void stopsTheStartWhenItsTcpPortIsTakenAndLeavesTheUdpPortFree() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(DnsClient.LOOPBACK, 0));
            int port = taken.getLocalPort();
            DnsServer server = server(enabledOn(port, "serve"));
            assertThatThrownBy(() -> server.onStart(null))
                    .isInstanceOf(DnsStartException.class)
                    .hasMessageContaining("cannot listen on TCP 127.0.0.1 port " + port);
            // The UDP socket it had bound first was closed again.
            vertx.close().toCompletionStage().toCompletableFuture().join();
            vertx = Vertx.vertx();
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(DnsClient.LOOPBACK, port))) {
                assertThat(udp.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
