package dev.outpost.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.bundle.BundleHeader;
import dev.outpost.io.RejectedException;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.RootDocument;
import dev.outpost.trust.RootSection;
import dev.outpost.trust.SignedRoot;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code outpost bundle inspect}: shows the root documents a bundle carries, its manifest, and who
 * signed what in which role, without trusting anything. It only prints; {@code bundle verify} is
 * the command that checks. Every read is bounded as in an import.
 */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Show a bundle's root documents, manifest and signers with their roles (unverified).")
public class BundleInspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "BUNDLE")
    Path bundle;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CliFiles.bundle(bundle); // before opening: a named pipe would block (issue 11 item 19)
        try (FileChannel file = FileChannel.open(bundle, StandardOpenOption.READ)) {
            long size = file.size();
            BundleHeader header = BundleHeader.read(file, size);
            PrintWriter out = spec.commandLine().getOut();
            out.println("container version: " + header.version()
                    + "    (UNVERIFIED: use 'outpost bundle verify' to check)");
            List<RootDocument> roots = printRoots(file, header, size, out);
            out.println("manifest:");
            out.println(new String(
                    read(file, header.manifestOffset(), header.manifestLength(), size), StandardCharsets.UTF_8));
            ByteBuffer signatures =
                    ByteBuffer.wrap(read(file, header.signaturesOffset(), header.signaturesLength(), size));
            int count = Short.toUnsignedInt(signatures.getShort());
            out.println("manifest signatures: " + count);
            RootDocument newest = roots.isEmpty() ? null : roots.get(roots.size() - 1);
            for (int i = 0; i < count && signatures.remaining() >= BundleFormat.SIGNATURE_ENTRY_BYTES; i++) {
                byte[] keyId = new byte[BundleFormat.KEY_ID_BYTES];
                signatures.get(keyId).position(signatures.position() + BundleFormat.SIGNATURE_BYTES);
                String id = HexFormat.of().formatHex(keyId);
                String role = newest == null
                        ? "no carried root names it: the appliance must already trust it"
                        : newest.releaseTrust().byKeyId().containsKey(id)
                                ? "release key of root version " + newest.version()
                                : "NOT a release key of root version " + newest.version();
                out.println("  key id " + id + "  " + role);
            }
        } catch (RejectedException e) {
            throw new CliException(bundle + " cannot be inspected (" + e.reason() + "): " + e.detail());
        }
        return 0;
    }

    private List<RootDocument> printRoots(FileChannel file, BundleHeader header, long size, PrintWriter out)
            throws IOException {
        List<RootDocument> parsed = new ArrayList<>();
        if (header.rootsLength() == 0) {
            out.println("root documents: none (the appliance must already trust a root naming the signers)");
            return parsed;
        }
        List<SignedRoot> roots = RootSection.decode(read(file, header.rootsOffset(), header.rootsLength(), size));
        out.println("root documents: " + roots.size());
        RootDocument previous = null;
        for (SignedRoot signed : roots) {
            RootDocument root;
            try {
                root = RootDocument.parse(signed.document());
            } catch (RejectedException e) {
                out.println("  (not a valid root document: " + e.detail() + ")");
                previous = null;
                continue;
            }
            parsed.add(root);
            out.printf(
                    "  root version %d, expires %s: %d of root keys %s; %d of release keys %s%n",
                    root.version(),
                    root.expires(),
                    root.rootThreshold(),
                    shortIds(root.rootTrust().byKeyId().keySet()),
                    root.releaseThreshold(),
                    shortIds(root.releaseTrust().byKeyId().keySet()));
            for (SignedRoot.KeySignature signature : signed.signatures()) {
                List<String> roles = new ArrayList<>();
                if (previous == null && root.version() == 1) {
                    roles.add("counts if pinned by the appliance");
                } else if (previous != null && previous.rootTrust().byKeyId().containsKey(signature.keyId())) {
                    roles.add("root key of version " + previous.version());
                }
                if (root.rootTrust().byKeyId().containsKey(signature.keyId())) {
                    roles.add("root key of version " + root.version());
                }
                out.println("    signed by " + KeyFiles.shortId(signature.keyId()) + "  "
                        + (roles.isEmpty() ? "no role in these roots" : String.join(", ", roles)));
            }
            previous = root;
        }
        return parsed;
    }

    private static List<String> shortIds(java.util.Collection<String> keyIds) {
        return keyIds.stream().map(KeyFiles::shortId).toList();
    }

    private byte[] read(FileChannel file, long position, long length, long size) throws IOException {
        // BundleHeader bounded every length; this bounds the position against the file.
        if (position + length > size) {
            throw new CliException(bundle + " is truncated");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new CliException(bundle + " is truncated");
            }
        }
        return buffer.array();
    }
}
