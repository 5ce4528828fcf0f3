package dev.outpost.cli;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.outpost.trust.RootSection;
import dev.outpost.trust.SignedRoot;

import picocli.CommandLine.Option;

/** The options every bundle-writing command shares: dataset, keys, roots, validity, output. */
public class BundleSigning {
    @Option(names = "--dataset", required = true, description = "Dataset name, e.g. acme-threat-intel.")
    String dataset;

    @Option(
            names = "--key",
            required = true,
            arity = "1..*",
            paramLabel = "KEY.pem",
            description = "Private release key(s) that sign the manifest; each NAME.key.pem needs NAME.pub.pem"
                    + " beside it.")
    List<Path> keys;

    @Option(
            names = "--root",
            arity = "1..*",
            paramLabel = "ROOT.signed",
            description = "Signed root documents to carry (from 'outpost root sign'), version 1 first, so that"
                    + " appliances at any root version can walk to the newest.")
    List<Path> roots = List.of();

    @Option(names = "--created", description = "Creation time, ISO-8601 (default: now).")
    String created;

    @Option(
            names = "--valid-for",
            defaultValue = "P30D",
            description = "How long the bundle stays valid, ISO-8601 duration (default: ${DEFAULT-VALUE}).")
    String validFor;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Bundle file to write.")
    Path out;

    private List<KeyPair> signers;

    Instant createdAt() {
        return CliValues.instantOrNow("--created", created);
    }

    Instant expiresAt(Instant createdAt) {
        Duration validity = CliValues.positiveDuration("--valid-for", validFor);
        return createdAt.plus(validity);
    }

    List<PrivateKey> privateKeys() {
        return signers().stream().map(KeyPair::getPrivate).toList();
    }

    List<PublicKey> publicKeys() {
        return signers().stream().map(KeyPair::getPublic).toList();
    }

    List<SignedRoot> rootChain() {
        List<SignedRoot> chain = new ArrayList<>();
        for (Path file : roots) {
            chain.add(RootSection.readFile(file));
        }
        return chain;
    }

    private List<KeyPair> signers() {
        if (signers == null) {
            signers = SigningKeys.read(keys);
        }
        return signers;
    }
}
