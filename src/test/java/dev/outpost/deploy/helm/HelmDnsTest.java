package dev.outpost.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.marcnuri.helm.LintResult;

import dev.outpost.deploy.helm.HelmChart.ValueSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The chart's DNS values (issue 16, docs/dns.md): off by default; on, the pods listen on UDP and TCP,
 * the Service offers port 53 for both, and the NetworkPolicy admits them from {@code
 * dns.ingressFrom} only.
 */
class HelmDnsTest {
    private static final Map<String, Object> ENABLED = Map.of(
            "dns", Map.of("enabled", true, "ingressFrom", List.of(Map.of("ipBlock", Map.of("cidr", "10.0.53.0/24")))));

    private static List<String> ports(JsonNode ports) {
        return ports.valueStream()
                .map(p -> p.path("name").asString() + " "
                        + p.path("port").asInt(p.path("containerPort").asInt()) + "/"
                        + p.path("protocol").asString())
                .toList();
    }

    private static String env(Manifests manifests, String name) {
        return manifests
                .podSpec()
                .at("/containers/0/env")
                .valueStream()
                .filter(e -> e.path("name").asString().equals(name))
                .map(e -> e.path("value").asString())
                .findFirst()
                .orElse(null);
    }

    @Test
    void isOffByDefault() {
        Manifests manifests = HelmChart.render(ValueSet.DEFAULTS);

        assertThat(env(manifests, "OUTPOST_DNS_ENABLED")).isEqualTo("false");
        assertThat(env(manifests, "OUTPOST_DNS_PORT")).isNull();
        assertThat(ports(manifests.podSpec().at("/containers/0/ports"))).containsExactly("http 8080/TCP");
        assertThat(ports(manifests.named("Service", "edge-outpost").at("/spec/ports")))
                .containsExactly("http 8080/TCP");
        assertThat(manifests.one("NetworkPolicy").at("/spec/ingress").size()).isEqualTo(1);
    }

    @Test
    void enabledListensOnUdpAndTcpBehindServicePort53() {
        Manifests manifests = HelmChart.render(ValueSet.DEFAULTS, ENABLED);

        assertThat(env(manifests, "OUTPOST_DNS_ENABLED")).isEqualTo("true");
        assertThat(env(manifests, "OUTPOST_DNS_PORT")).isEqualTo("5353");
        assertThat(ports(manifests.podSpec().at("/containers/0/ports")))
                .containsExactly("http 8080/TCP", "dns-udp 5353/UDP", "dns-tcp 5353/TCP");
        JsonNode service = manifests.named("Service", "edge-outpost").at("/spec/ports");
        assertThat(ports(service)).containsExactly("http 8080/TCP", "dns-udp 53/UDP", "dns-tcp 53/TCP");
        assertThat(service.at("/1/targetPort").asString()).isEqualTo("dns-udp");
        assertThat(service.at("/2/targetPort").asString()).isEqualTo("dns-tcp");
    }

    @Test
    void theNetworkPolicyAdmitsDnsOnlyFromItsSourcesAndStillDeniesEgress() {
        JsonNode spec = HelmChart.render(ValueSet.DEFAULTS, ENABLED)
                .one("NetworkPolicy")
                .path("spec");

        assertThat(spec.path("ingress").size()).isEqualTo(2);
        assertThat(ports(spec.at("/ingress/1/ports"))).containsExactly(" 0/UDP", " 0/TCP");
        assertThat(spec.at("/ingress/1/ports/0/port").asString()).isEqualTo("dns-udp");
        assertThat(spec.at("/ingress/1/ports/1/port").asString()).isEqualTo("dns-tcp");
        assertThat(spec.at("/ingress/1/from/0/ipBlock/cidr").asString()).isEqualTo("10.0.53.0/24");
        assertThat(spec.path("egress").isEmpty())
                .as("a DNS server needs no egress")
                .isTrue();
    }

    @Test
    void everyRenderedDocumentIsValidKubernetesAndLintIsClean() {
        KubernetesSchemas schemas = KubernetesSchemas.load();
        for (ValueSet set : new ValueSet[] {ValueSet.DEFAULTS, ValueSet.TLS}) {
            for (ObjectNode document : HelmChart.render(set, ENABLED).documents()) {
                assertThat(schemas.validate(document))
                        .as("%s %s", document.path("kind").asString(), document.at("/metadata/name"))
                        .isEmpty();
            }
        }
        LintResult lint = HelmChart.lint(ValueSet.DEFAULTS, ENABLED);
        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    }

    @Test
    void refusesAPortTheContainerCannotBindAndEnvThatWouldOverrideTheValues() {
        Throwable privileged = catchThrowable(
                () -> HelmChart.render(ValueSet.DEFAULTS, Map.of("dns", Map.of("enabled", true, "port", 53))));
        assertThat(privileged).isNotNull();
        assertThat(privileged.getMessage()).contains("/dns/port").contains("minimum");
        Throwable override = catchThrowable(() -> HelmChart.render(
                ValueSet.DEFAULTS, Map.of("extraEnv", List.of(Map.of("name", "OUTPOST_DNS_PORT", "value", "53")))));
        assertThat(override).isNotNull();
        assertThat(override.getMessage()).contains("extraEnv sets OUTPOST_DNS_PORT");
        Throwable unknown =
                catchThrowable(() -> HelmChart.render(ValueSet.DEFAULTS, Map.of("dns", Map.of("enable", true))));
        assertThat(unknown).isNotNull();
    }
}
