package dev.outpost.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.outpost.config.OutpostConfig;
import dev.outpost.config.Resources;

/**
 * Loads the trusted signing keys named by {@code outpost.trust.public-keys}. A configured key that
 * cannot be read stops the application: silently trusting fewer keys than configured would hide a
 * mistake.
 */
@ApplicationScoped
public class TrustProducer {
    private static final Logger LOG = Logger.getLogger(TrustProducer.class);
    private static final int MAX_KEY_BYTES = 16 * 1024;

    @Produces
    @Singleton
    TrustedKeys trustedKeys(OutpostConfig config) {
        List<String> locations = config.trust().publicKeys().orElse(List.of());
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (String location : locations) {
            PublicKey key = KeyFiles.parsePublic(read(location), location);
            keys.put(KeyFiles.keyId(key), key);
            LOG.infof("Trusting bundle signing key %s from %s", BundleVerifier.shortId(KeyFiles.keyId(key)), location);
        }
        if (keys.isEmpty()) {
            LOG.warn(
                    "No bundle signing keys are trusted (outpost.trust.public-keys is empty): no bundle can be imported");
        }
        return new TrustedKeys(keys, config.trust().threshold());
    }

    private static String read(String location) {
        try (InputStream in = Resources.open(location)) {
            byte[] bytes = in.readNBytes(MAX_KEY_BYTES + 1);
            if (bytes.length > MAX_KEY_BYTES) {
                throw new KeyFiles.KeyFileException(location + " is too large to be a key file");
            }
            return new String(bytes, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyFiles.KeyFileException("cannot read trusted key " + location + ": " + e.getMessage());
        }
    }
}
