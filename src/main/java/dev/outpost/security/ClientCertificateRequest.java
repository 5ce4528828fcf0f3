package dev.outpost.security;

import java.security.cert.X509Certificate;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A client certificate that the TLS handshake has verified against the configured trust store. */
final class ClientCertificateRequest extends BaseAuthenticationRequest {
    private final X509Certificate certificate;

    ClientCertificateRequest(X509Certificate certificate) {
        this.certificate = certificate;
    }

    X509Certificate certificate() {
        return certificate;
    }
}
