package dev.outpost.cli;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;

import dev.outpost.security.ConfiguredTokens;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code outpost operator-token}: a new random operator token, and the configuration line that
 * admits it. Only the token's SHA-256 goes into the configuration; the token itself is shown once.
 */
@Command(
        name = "operator-token",
        mixinStandardHelpOptions = true,
        description = "Create an operator API token (256 random bits) and print the outpost.operator.tokens entry"
                + " that admits it. The appliance stores only the token's SHA-256.")
public class OperatorTokenCommand implements Callable<Integer> {
    @Option(
            names = "--name",
            required = true,
            paramLabel = "NAME",
            description = "The operator's name, recorded with every local verdict they write.")
    String name;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new CliException("--name may use letters, digits, '.', '_' and '-' only (at most 64)");
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        var out = spec.commandLine().getOut();
        out.println("token (give it to " + name + "; it is not stored anywhere): " + token);
        out.println("configuration entry (add to outpost.operator.tokens, comma-separated):");
        out.println(name + ":" + HexFormat.of().formatHex(ConfiguredTokens.sha256(token)));
        out.flush();
        return 0;
    }
}
