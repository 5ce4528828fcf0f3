package dev.outpost.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code outpost.security.lookups=mtls} with TLS from the Quarkus TLS registry (issue 14): a real
 * handshake with real certificates. A client certificate from the trusted CA is a lookup client; a
 * client without one needs a token; a certificate from another CA does not get past the handshake;
 * a certificate grants lookups only.
 */
@QuarkusTest
@TestProfile(MutualTlsLookupTest.Mtls.class)
class MutualTlsLookupTest {
    static final TestCertificates CERTIFICATES = TestCertificates.in(Path.of("target", "test-certificates"));
    static final String EICAR_MD5 = "44d88612fea8a8f36de82e1278abb02f";

    public static class Mtls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "outpost.security.lookups",
                    "mtls",
                    "outpost.data-dir",
                    "target/test-data/mtls",
                    "quarkus.tls.key-store.p12.path",
                    CERTIFICATES.serverKeyStore().toAbsolutePath().toString(),
                    "quarkus.tls.key-store.p12.password",
                    TestCertificates.PASSWORD,
                    "quarkus.tls.trust-store.p12.path",
                    CERTIFICATES.clientTrustStore().toAbsolutePath().toString(),
                    "quarkus.tls.trust-store.p12.password",
                    TestCertificates.PASSWORD,
                    "quarkus.http.ssl.client-auth",
                    "request",
                    "quarkus.http.test-ssl-port",
                    Integer.toString(freePort()));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> get(String client, String path, String token) throws Exception {
        return getWith(client, path, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    private static HttpResponse<String> getWith(String client, String path, Map<String, String> headers)
            throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
        HttpClient http = HttpClient.newBuilder()
                .sslContext(CERTIFICATES.clientContext(client))
                .build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * An OpenTIP client always sends its Kaspersky key in x-api-key; behind a verified certificate
     * the key is not read, so the key Outpost does not know does not fail the request. Without a
     * certificate the key is the credential, and an unknown one is refused.
     */
    @Test
    void underOpentipAVerifiedCertificateComesBeforeTheKasperskyKeyTheClientSends() throws Exception {
        Map<String, String> kasperskyKey = Map.of("x-api-key", "a-kaspersky-opentip-key-outpost-does-not-know");
        String path = "/opentip/api/v1/search/hash?request=" + EICAR_MD5;

        HttpResponse<String> answer = getWith("sandbox-1", path, kasperskyKey);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"Zone\":\"Red\"");

        assertThat(getWith(null, path, kasperskyKey).statusCode()).isEqualTo(401);
        assertThat(getWith(null, path, Map.of("x-api-key", "test-lookup-token-not-secret"))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aTrustedClientCertificateIsALookupClient() throws Exception {
        HttpResponse<String> answer = get("sandbox-1", "/api/v1/files/" + EICAR_MD5, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"zone\":\"RED\"");
    }

    @Test
    void withoutACertificateALookupNeedsAToken() throws Exception {
        HttpResponse<String> refused = get(null, "/api/v1/files/" + EICAR_MD5, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"outpost\"");

        assertThat(get(null, "/api/v1/files/" + EICAR_MD5, "test-lookup-token-not-secret")
                        .statusCode())
                .isEqualTo(200);
    }

    /**
     * The server names the authorities it trusts in its certificate request, so a client whose
     * certificate comes from another one presents none (or, if it forced it, would fail the
     * handshake): either way it is not a lookup client.
     */
    @Test
    void aCertificateFromAnotherAuthorityIsNotALookupClient() throws Exception {
        HttpResponse<String> answer;
        try {
            answer = get("intruder", "/api/v1/files/" + EICAR_MD5, null);
        } catch (IOException handshakeFailed) {
            return;
        }
        assertThat(answer.statusCode()).isEqualTo(401);
    }

    @Test
    void aCertificateGrantsLookupsOnly() throws Exception {
        HttpResponse<String> refused = get("sandbox-1", "/api/v1/local-verdicts", null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("urn:outpost:problem:forbidden");
    }
}
