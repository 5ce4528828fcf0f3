package dev.outpost.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.outpost.bundle.BundleFormat;
import dev.outpost.trust.KeyFiles;
import dev.outpost.trust.RootDocument;
import dev.outpost.trust.RootSection;
import dev.outpost.trust.SignedRoot;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code outpost root sign}: adds signatures to a signed root file. Root key holders can sign one
 * after another, each passing the file on; signatures by a key already present are replaced.
 */
@Command(
        name = "sign",
        mixinStandardHelpOptions = true,
        description = "Sign a root document with root key(s); adds to the signatures already in --out.")
public class RootSignCommand implements Callable<Integer> {
    @Option(
            names = "--document",
            required = true,
            paramLabel = "ROOT.json",
            description = "Root document from 'outpost root create'.")
    Path document;

    @Option(
            names = "--key",
            required = true,
            arity = "1..*",
            paramLabel = "KEY.pem",
            description = "Private root key(s); each NAME.key.pem needs NAME.pub.pem beside it.")
    List<Path> keys;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "ROOT.signed",
            description = "Signed root file; created, or extended if it already holds this document.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        byte[] bytes = read(document);
        // Refuse to sign what appliances would refuse to parse.
        RootDocument root = RootDocument.parse(bytes);
        Map<String, SignedRoot.KeySignature> signatures = new LinkedHashMap<>();
        if (Files.exists(out)) {
            SignedRoot existing = RootSection.readFile(out);
            if (!Arrays.equals(existing.document(), bytes)) {
                throw new CliException(out + " holds signatures over a different document than " + document);
            }
            existing.signatures().forEach(s -> signatures.put(s.keyId(), s));
        }
        List<KeyPair> signers = SigningKeys.read(keys);
        SignedRoot.sign(bytes, signers).signatures().forEach(s -> signatures.put(s.keyId(), s));
        if (signatures.size() > BundleFormat.MAX_SIGNATURES) {
            throw new CliException("a root document carries at most " + BundleFormat.MAX_SIGNATURES + " signatures");
        }
        RootSection.writeFile(out, new SignedRoot(bytes, new ArrayList<>(signatures.values())));
        var print = spec.commandLine().getOut();
        print.printf("Wrote %s: root version %d, %d signature(s):%n", out, root.version(), signatures.size());
        for (String keyId : signatures.keySet()) {
            boolean ownKey = root.rootTrust().byKeyId().containsKey(keyId);
            print.printf(
                    "  %s  %s%n",
                    KeyFiles.shortId(keyId),
                    ownKey
                            ? "root key of version " + root.version()
                            : "not a root key of version " + root.version() + " (counts only toward version "
                                    + (root.version() - 1) + "'s keys)");
        }
        print.printf(
                "Appliances need %d of this version's root keys and a threshold of %s.%n",
                root.rootThreshold(),
                root.version() == 1 ? "their pinned root keys" : "version " + (root.version() - 1) + "'s root keys");
        return 0;
    }

    private static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(RootDocument.MAX_BYTES + 1);
            if (bytes.length > RootDocument.MAX_BYTES) {
                throw new CliException(file + " is larger than a root document can be");
            }
            return bytes;
        }
    }
}
