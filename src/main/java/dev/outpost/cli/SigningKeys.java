package dev.outpost.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import dev.outpost.trust.KeyFiles;

/** Private signing keys named {@code NAME.key.pem}, each with {@code NAME.pub.pem} beside it. */
final class SigningKeys {
    private SigningKeys() {}

    static List<KeyPair> read(List<Path> privateKeyFiles) {
        List<KeyPair> pairs = new ArrayList<>();
        for (Path key : privateKeyFiles) {
            String name = key.getFileName().toString();
            if (!name.endsWith(".key.pem")) {
                throw new CliException("signing key " + key + " must be named NAME.key.pem");
            }
            Path publicKey = key.resolveSibling(name.substring(0, name.length() - ".key.pem".length()) + ".pub.pem");
            if (!Files.exists(publicKey)) {
                throw new CliException("public key " + publicKey + " for " + key + " is missing");
            }
            pairs.add(new KeyPair(KeyFiles.readPublic(publicKey), KeyFiles.readPrivate(key)));
        }
        return pairs;
    }
}
