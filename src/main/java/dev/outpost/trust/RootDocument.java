package dev.outpost.trust;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.outpost.io.RejectedException;
import dev.outpost.io.StrictJson;

/**
 * One version of the appliance's root of trust (ADR 0006): the root keys that sign the next
 * version and the release keys that sign bundle manifests, each with its threshold. It cannot exist
 * half-valid: the compact constructor checks every field. Keys are base64 SubjectPublicKeyInfo DER.
 */
@JsonPropertyOrder({"type", "version", "expires", "rootKeys", "rootThreshold", "releaseKeys", "releaseThreshold"})
public record RootDocument(
        String type,
        long version,
        Instant expires,
        List<String> rootKeys,
        int rootThreshold,
        List<String> releaseKeys,
        int releaseThreshold) {
    public static final String TYPE = "outpost-root";
    /** Root documents are a few keys; anything larger is not one. */
    public static final int MAX_BYTES = 64 * 1024;
    /** More keys than any publisher needs; bounds the signature checks a document can demand. */
    public static final int MAX_KEYS = 64;

    /** Writes documents only; they are read by {@link StrictJson}, as manifests are. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public RootDocument {
        if (!TYPE.equals(type)) {
            throw malformed("type must be \"" + TYPE + "\"");
        }
        if (version < 1) {
            throw malformed("version must be 1 or more");
        }
        if (expires == null) {
            throw malformed("expires is required");
        }
        rootKeys = checkedKeys("rootKeys", rootKeys, rootThreshold);
        releaseKeys = checkedKeys("releaseKeys", releaseKeys, releaseThreshold);
    }

    /** Parses and validates the exact bytes that were signed; call only after checking signatures. */
    public static RootDocument parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw malformed("root document is " + bytes.length + " bytes, above the limit of " + MAX_BYTES);
        }
        return StrictJson.read(bytes, RootDocument.class, "root document", "malformed-root");
    }

    /** The bytes to sign: this document as JSON, in the declared field order. */
    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a root document", e);
        }
    }

    /** The keys that must sign the next version, and how many. */
    public TrustedKeys rootTrust() {
        return new TrustedKeys(keysById("rootKeys", rootKeys), rootThreshold);
    }

    /** The keys that sign bundle manifests under this root, and how many. */
    public TrustedKeys releaseTrust() {
        return new TrustedKeys(keysById("releaseKeys", releaseKeys), releaseThreshold);
    }

    /** Encodes a public key as a root document lists it. */
    public static String encodeKey(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    private static List<String> checkedKeys(String field, List<String> keys, int threshold) {
        if (keys == null || keys.isEmpty()) {
            throw malformed(field + " must list at least one key");
        }
        if (keys.size() > MAX_KEYS) {
            throw malformed(field + " lists " + keys.size() + " keys, above the limit of " + MAX_KEYS);
        }
        Map<String, PublicKey> decoded = keysById(field, keys);
        if (decoded.size() != keys.size()) {
            throw malformed(field + " lists the same key more than once");
        }
        if (threshold < 1 || threshold > keys.size()) {
            throw malformed(
                    field + " threshold " + threshold + " must be between 1 and the " + keys.size() + " keys listed");
        }
        return List.copyOf(keys);
    }

    private static Map<String, PublicKey> keysById(String field, List<String> keys) {
        Map<String, PublicKey> byId = new LinkedHashMap<>();
        for (String encoded : keys) {
            if (encoded == null) {
                throw malformed(field + " holds a null entry");
            }
            PublicKey key;
            try {
                key = KeyFactory.getInstance("Ed25519")
                        .generatePublic(
                                new X509EncodedKeySpec(Base64.getDecoder().decode(encoded)));
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                throw malformed(field + " holds an entry that is not a base64 Ed25519 public key");
            }
            byId.put(KeyFiles.keyId(key), key);
        }
        return byId;
    }

    private static RejectedException malformed(String detail) {
        return new RejectedException("malformed-root", detail);
    }
}
