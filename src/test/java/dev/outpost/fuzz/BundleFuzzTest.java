package dev.outpost.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.outpost.bundle.BundleLimits;
import dev.outpost.bundle.BundleVerifier;
import dev.outpost.bundle.Manifest;
import dev.outpost.bundle.VerifiedBundle;
import dev.outpost.io.RejectedException;
import dev.outpost.io.StrictJson;
import dev.outpost.publishing.BundleWriter;
import dev.outpost.trust.RootChain;
import dev.outpost.trust.RootDocument;
import dev.outpost.trust.RootSection;
import dev.outpost.trust.RootTrust;
import dev.outpost.trust.SignedRoot;

/**
 * What a bundle's reader meets before any part (offline-bundles/FORMAT.md): the container header,
 * the roots section, the root documents and the manifest. The documented refusal is {@link
 * RejectedException} with a reason; anything else that escapes is a finding. Signatures would stop
 * a fuzzer at the door, so the root document and manifest harnesses sign what they are given with
 * the demo keys, as a publisher gone rogue (or a stolen key) would.
 */
class BundleFuzzTest {
    /** Trusts the demo root key only, with no root stored: the container's roots are walked each time. */
    private static final BundleVerifier FRESH =
            new BundleVerifier(RootTrust.load(Demo.PINNED, Scratch.directory("fresh-roots")), BundleLimits.DEFAULTS);

    /** Has accepted the demo root version 1 already, so that a manifest input costs two signatures, not six. */
    private static final BundleVerifier ROOTED = rooted();

    /** The whole container as bytes: header, roots section, manifest and signature block, then parts. */
    @FuzzTest
    void container(byte[] bundle) throws IOException {
        VerifiedBundle verified;
        try (FileChannel file = FileChannel.open(Scratch.write("container.bundle", bundle), StandardOpenOption.READ)) {
            verified = FRESH.verify(file, Demo.NOW);
        } catch (RejectedException refused) {
            return;
        }
        assertThat(verified.partsOffset() + verified.manifest().partsBytes())
                .as("a verified layout covers the file exactly")
                .isEqualTo(bundle.length);
    }

    /** A roots section: decoded exactly or refused, then walked from the pinned demo root key. */
    @FuzzTest
    void rootSection(byte[] section) {
        List<SignedRoot> roots;
        try {
            roots = RootSection.decode(section);
        } catch (RejectedException refused) {
            return;
        }
        assertThat(RootSection.encode(roots)).as("only exact framing decodes").isEqualTo(section);
        try {
            RootChain.walk(Demo.PINNED, null, roots, Demo.NOW);
        } catch (RejectedException refused) {
            // A forged or broken chain: the documented refusal.
        }
    }

    /** A root document's bytes, signed by the pinned demo root key so that they are parsed. */
    @FuzzTest
    void rootDocument(byte[] document) {
        RootDocument root;
        try {
            root = RootChain.walk(Demo.PINNED, null, List.of(SignedRoot.sign(document, List.of(Demo.ROOT))), Demo.NOW);
        } catch (RejectedException refused) {
            return;
        }
        assertThat(RootDocument.parse(root.toBytes()))
                .as("an accepted root re-reads as itself")
                .isEqualTo(root);
    }

    /** A manifest's bytes, signed by the demo release key, in the demo bundle's frame and before its parts. */
    @FuzzTest
    void manifest(byte[] manifest) throws IOException {
        byte[] bundle = Container.assemble(Demo.ROOTS, manifest, List.of(Demo.RELEASE), Demo.PARTS);
        VerifiedBundle verified;
        try (FileChannel file = FileChannel.open(Scratch.write("manifest.bundle", bundle), StandardOpenOption.READ)) {
            verified = ROOTED.verify(file, Demo.NOW);
        } catch (RejectedException refused) {
            return;
        }
        Manifest parsed = verified.manifest();
        byte[] written = BundleWriter.MANIFEST_JSON.writeValueAsBytes(parsed);
        assertThat(StrictJson.read(written, Manifest.class, "manifest", "malformed-manifest"))
                .as("an accepted manifest re-reads as itself")
                .isEqualTo(parsed);
    }

    private static BundleVerifier rooted() {
        RootTrust trust = RootTrust.load(Demo.PINNED, Scratch.directory("demo-roots"));
        trust.accept(trust.grant(RootSection.decode(Demo.ROOTS), Demo.NOW));
        return new BundleVerifier(trust, BundleLimits.DEFAULTS);
    }
}
