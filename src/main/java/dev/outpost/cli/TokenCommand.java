package dev.outpost.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.outpost.security.ConfiguredTokens;
import dev.outpost.security.TokenSecrets;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code outpost token create|list|revoke} (issue 14): API tokens, either in the data directory of a
 * stopped server ({@code --data-dir}) or through the admin API of a running one ({@code --url} with
 * an admin token read from a file, never from the command line where {@code ps} would show it).
 */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = "Create, list and revoke API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public class TokenCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the tokens are: a stopped server's data directory, or a running server's API. */
    static class Target {
        @Option(
                names = "--data-dir",
                paramLabel = "DIR",
                description = "Data directory of a stopped server (default: the server's outpost.data-dir).")
        Path dataDir;

        @Option(
                names = "--url",
                paramLabel = "URL",
                description = "A running server, e.g. http://127.0.0.1:8080 (use --admin-token-file).")
        URI url;

        @Option(
                names = "--admin-token-file",
                paramLabel = "FILE",
                description = "File holding an admin token (e.g. the data directory's bootstrap-admin.token).")
        Path adminTokenFile;

        boolean remote() {
            if (url == null) {
                if (adminTokenFile != null) {
                    throw new CliException("--admin-token-file goes with --url");
                }
                return false;
            }
            if (dataDir != null) {
                throw new CliException("use --data-dir (stopped server) or --url (running server), not both");
            }
            if (adminTokenFile == null) {
                throw new CliException("--url needs --admin-token-file FILE holding an admin token");
            }
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new CliException("--url must be http:// or https://, got " + url);
            }
            return true;
        }

        /** Runs {@link TokenApplication} on the stopped server's data directory. */
        int local(java.io.PrintWriter err, String... args) {
            DataDirOption option = new DataDirOption();
            option.dataDir = dataDir;
            return CliBoot.run(
                    TokenApplication.class,
                    CliFiles.dataDirectoryToWrite(option.resolve()),
                    "token " + args[0],
                    "stop it, or use its API (--url)",
                    1,
                    err,
                    args);
        }

        /** Calls the admin API; prints the answer's body; 0 on 2xx. */
        int call(String method, String path, String body, java.io.PrintWriter out, java.io.PrintWriter err) {
            String token;
            try {
                token = Files.readString(adminTokenFile, StandardCharsets.US_ASCII)
                        .strip();
            } catch (IOException e) {
                throw new CliException("cannot read " + adminTokenFile + ": " + e.getMessage());
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            try {
                HttpResponse<String> response = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .build()
                        .send(request.build(), HttpResponse.BodyHandlers.ofString());
                boolean ok = response.statusCode() / 100 == 2;
                if (!response.body().isEmpty()) {
                    (ok ? out : err).println(response.body());
                }
                if (!ok) {
                    err.println("outpost: the server answered " + response.statusCode());
                }
                out.flush();
                err.flush();
                return ok ? 0 : 1;
            } catch (IOException e) {
                throw new CliException("cannot reach " + url + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted");
            }
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create an API token; it is printed once and stored only as its SHA-256.")
    static class Create implements Callable<Integer> {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who or what holds it.")
        String name;

        @Option(
                names = "--role",
                required = true,
                paramLabel = "ROLE",
                description = "lookup, operator, admin or submitter.")
        String role;

        @Option(
                names = "--expires-at",
                paramLabel = "TIME",
                description = "When it stops working, ISO-8601 (e.g. 2027-01-31T00:00:00Z); default never.")
        String expiresAt;

        @Option(
                names = "--print-config",
                description = "Store nothing: print a new token and the outpost.security.tokens entry that admits it.")
        boolean printConfig;

        @ArgGroup(exclusive = false)
        Target target = new Target();

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Instant expiry = null;
            if (expiresAt != null) {
                try {
                    expiry = Instant.parse(expiresAt);
                } catch (DateTimeParseException e) {
                    throw new CliException("--expires-at must be ISO-8601 like 2027-01-31T00:00:00Z, got " + expiresAt);
                }
            }
            var out = spec.commandLine().getOut();
            if (printConfig) {
                if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
                    throw new CliException("--name may use letters, digits, '.', '_', '@' and '-' (at most 64)");
                }
                String token = TokenSecrets.newToken();
                out.println("token (shown once, stored nowhere): " + token);
                out.println("configuration entry (add to outpost.security.tokens, comma-separated):");
                out.println(name + ":" + role + ":" + HexFormat.of().formatHex(ConfiguredTokens.sha256(token)));
                out.flush();
                return 0;
            }
            if (target.remote()) {
                ObjectNode body = JSON.createObjectNode().put("name", name).put("role", role);
                if (expiry != null) {
                    body.put("expiresAt", expiry.toString());
                }
                return target.call(
                        "POST",
                        "/api/v1/admin/tokens",
                        JSON.writeValueAsString(body),
                        out,
                        spec.commandLine().getErr());
            }
            return target.local(
                    spec.commandLine().getErr(), "create", name, role, expiry == null ? "" : expiry.toString());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List API tokens (never the tokens).")
    static class ListTokens implements Callable<Integer> {
        @ArgGroup(exclusive = false)
        Target target = new Target();

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (target.remote()) {
                return target.call(
                        "GET",
                        "/api/v1/admin/tokens",
                        null,
                        spec.commandLine().getOut(),
                        spec.commandLine().getErr());
            }
            return target.local(spec.commandLine().getErr(), "list");
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API token by its id.")
    static class Revoke implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The token's id (from `outpost token list`).")
        long id;

        @ArgGroup(exclusive = false)
        Target target = new Target();

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (target.remote()) {
                return target.call(
                        "DELETE",
                        "/api/v1/admin/tokens/" + id,
                        null,
                        spec.commandLine().getOut(),
                        spec.commandLine().getErr());
            }
            return target.local(spec.commandLine().getErr(), "revoke", Long.toString(id));
        }
    }
}
