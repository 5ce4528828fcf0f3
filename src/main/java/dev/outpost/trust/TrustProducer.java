package dev.outpost.trust;

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

import dev.outpost.config.DataDirectory;
import dev.outpost.config.Resources;
import dev.outpost.io.FailureDetail;

/**
 * Builds the trust anchor from configuration (ADR 0006): pinned root keys with the stored root chain
 * ({@code outpost.trust.root-keys}), or a flat list of release keys ({@code
 * outpost.trust.public-keys}). A configured key that cannot be read, or both settings at once, stops
 * the application: silently trusting other keys than configured would hide a mistake.
 */
@ApplicationScoped
public class TrustProducer {
    private static final Logger LOG = Logger.getLogger(TrustProducer.class);
    private static final int MAX_KEY_BYTES = 16 * 1024;

    @Produces
    @Singleton
    TrustAnchor trustAnchor(TrustConfig config, DataDirectory directories) {
        List<String> rootKeys = config.rootKeys().orElse(List.of());
        List<String> releaseKeys = config.publicKeys().orElse(List.of());
        if (!rootKeys.isEmpty() && !releaseKeys.isEmpty()) {
            throw new KeyFiles.KeyFileException("outpost.trust.root-keys and outpost.trust.public-keys are both set:"
                    + " pin root keys (which name the release keys) or list release keys, not both");
        }
        if (!rootKeys.isEmpty()) {
            TrustedKeys pinned = new TrustedKeys(keys(rootKeys, "root"), config.rootThreshold());
            return RootTrust.load(pinned, directories.roots());
        }
        if (releaseKeys.isEmpty()) {
            LOG.warn(
                    "No bundle signing keys are trusted (outpost.trust.root-keys is empty): no bundle can be imported");
        }
        return new TrustedKeys(keys(releaseKeys, "release"), config.threshold());
    }

    private static Map<String, PublicKey> keys(List<String> locations, String role) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (String location : locations) {
            PublicKey key = KeyFiles.parsePublic(read(location), location);
            keys.put(KeyFiles.keyId(key), key);
            LOG.infof("Trusting %s key %s from %s", role, KeyFiles.shortId(KeyFiles.keyId(key)), location);
        }
        return keys;
    }

    private static String read(String location) {
        try (InputStream in = Resources.open(location)) {
            byte[] bytes = in.readNBytes(MAX_KEY_BYTES + 1);
            if (bytes.length > MAX_KEY_BYTES) {
                throw new KeyFiles.KeyFileException(location + " is too large to be a key file");
            }
            return new String(bytes, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyFiles.KeyFileException("cannot read trusted key " + location + ": " + FailureDetail.of(e));
        }
    }
}
