package dev.outpost.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outpost.publishing.BundleWriter;

/**
 * Takes a valid bundle apart and puts it back together with one thing changed: the way the hostile
 * corpus makes bundles that are wrong in exactly one respect. By default the manifest's part list
 * follows the parts and the manifest is re-signed by the signers, so the one change is the only
 * fault; each {@code raw…} field bypasses that for the cases that attack the framing itself.
 */
public final class BundleSurgery {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Part(String name, byte[] bytes, long entries) {}

    int version = BundleFormat.CONTAINER_VERSION;
    int flags;
    byte[] roots;
    public ObjectNode manifest;
    final List<Part> parts = new ArrayList<>();
    List<KeyPair> signers;
    /** When true, the manifest's part list is left as it is: sizes and digests no longer follow the parts. */
    boolean keepManifestParts;
    /** Replaces the serialized manifest (after signing, if {@link #signRawManifest} is false). */
    byte[] rawManifest;

    boolean signRawManifest = true;
    /** Replaces the whole signature block. */
    byte[] rawSignatures;

    Long rawRootsLength;
    Long rawManifestLength;
    Long rawSignaturesLength;
    byte[] trailing = new byte[0];
    int cutBytes;

    public static BundleSurgery of(Path bundle, List<KeyPair> signers) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(bundle));
        BundleSurgery surgery = new BundleSurgery();
        surgery.signers = signers;
        in.position(12);
        int rootsLength = in.getInt();
        int manifestLength = in.getInt();
        int signaturesLength = in.getInt();
        surgery.roots = new byte[rootsLength];
        in.get(surgery.roots);
        byte[] manifest = new byte[manifestLength];
        in.get(manifest);
        surgery.manifest = (ObjectNode) JSON.readTree(manifest);
        in.position(in.position() + signaturesLength);
        for (JsonNode part : surgery.manifest.get("parts")) {
            byte[] bytes = new byte[part.get("size").asInt()];
            in.get(bytes);
            surgery.parts.add(new Part(
                    part.get("name").asText(), bytes, part.get("entries").asLong()));
        }
        return surgery;
    }

    public BundleSurgery manifest(Consumer<ObjectNode> change) {
        change.accept(manifest);
        return this;
    }

    /** Replaces the named part's bytes and entry count (the manifest follows unless told not to). */
    public BundleSurgery part(String name, byte[] bytes, long entries) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).name().equals(name)) {
                parts.set(i, new Part(name, bytes, entries));
                return this;
            }
        }
        throw new IllegalArgumentException("no part " + name);
    }

    public byte[] part(String name) {
        return parts.stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow()
                .bytes();
    }

    byte[] manifestBytes() throws IOException {
        if (!keepManifestParts) {
            ArrayNode list = manifest.putArray("parts");
            for (Part part : parts) {
                list.addObject()
                        .put("name", part.name())
                        .put("size", part.bytes().length)
                        .put(
                                "sha256",
                                HexFormat.of().formatHex(BundleFormat.sha256().digest(part.bytes())))
                        .put("entries", part.entries());
            }
        }
        return JSON.writeValueAsBytes(manifest);
    }

    public Path write(Path file) throws IOException {
        byte[] manifestBytes = manifestBytes();
        byte[] signed = rawManifest != null && signRawManifest ? rawManifest : manifestBytes;
        byte[] signatures = rawSignatures != null
                ? rawSignatures
                : BundleWriter.sign(
                        signed,
                        signers.stream().map(KeyPair::getPrivate).toList(),
                        signers.stream().map(KeyPair::getPublic).toList());
        byte[] written = rawManifest != null ? rawManifest : manifestBytes;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(BundleFormat.HEADER_BYTES);
        header.put(BundleFormat.MAGIC)
                .putShort((short) version)
                .putShort((short) flags)
                .putInt((int) (rawRootsLength != null ? rawRootsLength : roots.length))
                .putInt((int) (rawManifestLength != null ? rawManifestLength : written.length))
                .putInt((int) (rawSignaturesLength != null ? rawSignaturesLength : signatures.length));
        out.write(header.array());
        out.write(roots);
        out.write(written);
        out.write(signatures);
        for (Part part : parts) {
            out.write(part.bytes());
        }
        out.write(trailing);
        byte[] bytes = out.toByteArray();
        return Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - cutBytes));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
