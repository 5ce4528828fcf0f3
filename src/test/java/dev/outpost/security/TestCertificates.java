package dev.outpost.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority, a server certificate for localhost and client certificates, made with the
 * JDK's own keytool (present wherever the tests run) into PKCS#12 files: real certificates for a real
 * TLS handshake, nothing mocked.
 */
final class TestCertificates {
    static final String PASSWORD = "test-only";

    private final Path directory;

    private TestCertificates(Path directory) {
        this.directory = directory;
    }

    /** Makes the set once per directory; later calls reuse it. */
    static TestCertificates in(Path directory) {
        TestCertificates certificates = new TestCertificates(directory);
        if (!Files.exists(directory.resolve("done"))) {
            certificates.make();
        }
        return certificates;
    }

    Path serverKeyStore() {
        return directory.resolve("server.p12");
    }

    /** The CA's certificate only: what the server trusts client certificates by. */
    Path clientTrustStore() {
        return directory.resolve("client-ca-trust.p12");
    }

    Path clientKeyStore(String name) {
        return directory.resolve(name + ".p12");
    }

    private void make() {
        try {
            Files.createDirectories(directory);
            authority("ca", "CN=Outpost Test CA");
            authority("rogue-ca", "CN=Someone Else's CA");
            issued("ca", "server", "CN=localhost", "san=dns:localhost,ip:127.0.0.1", "eku=serverAuth");
            issued("ca", "sandbox-1", "CN=sandbox-1,O=SOC", null, "eku=clientAuth");
            issued("rogue-ca", "intruder", "CN=sandbox-1,O=Intruder", null, "eku=clientAuth");
            keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", p12("ca"), "-file", pem("ca"));
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "ca",
                    "-file",
                    pem("ca"),
                    "-keystore",
                    clientTrustStore().toString());
            Files.writeString(directory.resolve("done"), "");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void authority(String alias, String subject) {
        keytool(
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                subject,
                "-validity",
                "30",
                "-ext",
                "bc:c",
                "-keystore",
                p12(alias));
    }

    /** A key pair in {@code name}.p12, its certificate signed by {@code authority}, chain imported. */
    private void issued(String authority, String name, String subject, String san, String eku) {
        keytool(
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                subject,
                "-validity",
                "30",
                "-keystore",
                p12(name));
        keytool("-certreq", "-alias", name, "-keystore", p12(name), "-file", file(name + ".csr"));
        List<String> sign = new ArrayList<>(List.of(
                "-gencert",
                "-alias",
                authority,
                "-keystore",
                p12(authority),
                "-infile",
                file(name + ".csr"),
                "-outfile",
                pem(name),
                "-rfc",
                "-validity",
                "30",
                "-ext",
                eku));
        if (san != null) {
            sign.addAll(List.of("-ext", san));
        }
        keytool(sign.toArray(String[]::new));
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                authority,
                "-keystore",
                p12(authority),
                "-file",
                pem(authority + "-for-" + name));
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                authority,
                "-file",
                pem(authority + "-for-" + name),
                "-keystore",
                p12(name));
        keytool("-importcert", "-noprompt", "-alias", name, "-file", pem(name), "-keystore", p12(name));
    }

    private String p12(String name) {
        return directory.resolve(name + ".p12").toString();
    }

    private String pem(String name) {
        return file(name + ".pem");
    }

    private String file(String name) {
        return directory.resolve(name).toString();
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        if (List.of(arguments).contains("-genkeypair")) {
            command.addAll(List.of("-keypass", PASSWORD));
        }
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + command + "\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client context that trusts the test CA and presents {@code clientName}'s certificate (or none). */
    SSLContext clientContext(String clientName) throws Exception {
        KeyStore trust = load(clientTrustStore());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = null;
        if (clientName != null) {
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(load(clientKeyStore(clientName)), PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }
}
