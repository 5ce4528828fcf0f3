package dev.outpost.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;

import dev.outpost.trust.KeyFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code outpost keygen}: an Ed25519 signing key pair for a bundle publisher. */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        description =
                "Create an Ed25519 root or release key pair: NAME.key.pem (PKCS#8, keep offline) and NAME.pub.pem (X.509 SPKI).")
public class KeygenCommand implements Callable<Integer> {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Base name of the key files.")
    String name;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Directory for the key files (default: current).")
    Path outDir = Path.of(".");

    @Option(
            names = "--role",
            defaultValue = "release",
            description = "root: signs root documents and is pinned by appliances (keep it offline);"
                    + " release: signs bundles and is named by a root document (default: ${DEFAULT-VALUE}).")
    Role role;

    /** What a key is for (ADR 0006). The key material is the same; the role decides where it goes. */
    enum Role {
        ROOT,
        RELEASE
    }

    @Option(names = "--force", description = "Overwrite existing key files.")
    boolean force;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new CliException("--name may use letters, digits, '.', '_' and '-' only");
        }
        Files.createDirectories(outDir);
        Path privateFile = outDir.resolve(name + ".key.pem");
        Path publicFile = outDir.resolve(name + ".pub.pem");
        if (!force && (Files.exists(privateFile) || Files.exists(publicFile))) {
            throw new CliException(privateFile + " or " + publicFile + " exists; use --force to overwrite");
        }
        KeyPair pair = KeyFiles.generate();
        KeyFiles.writePrivate(privateFile, pair.getPrivate());
        KeyFiles.writePublic(publicFile, pair.getPublic());
        var out = spec.commandLine().getOut();
        out.println("private key: " + privateFile + " (keep it offline)");
        out.println("public key:  " + publicFile);
        out.println("key id:      " + KeyFiles.keyId(pair.getPublic()));
        out.println(
                role == Role.ROOT
                        ? "role:        root. Pin " + publicFile + " in outpost.trust.root-keys and list it with"
                                + " 'outpost root create --root-key'; it signs only root documents."
                        : "role:        release. Name " + publicFile + " with 'outpost root create --release-key';"
                                + " it signs bundles ('outpost bundle build --key').");
        return 0;
    }
}
