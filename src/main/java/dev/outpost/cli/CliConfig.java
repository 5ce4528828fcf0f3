package dev.outpost.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smallrye.config.ConfigValidationException;

import dev.outpost.config.StandaloneConfig;
import dev.outpost.store.StoreConfig;
import dev.outpost.store.StoreTuning;

/**
 * The server's configuration as a command sees it without booting Quarkus (ADR 0004): read through
 * {@link StandaloneConfig}, so the sources, the profile and the defaults are the server's.
 */
final class CliConfig {
    private CliConfig() {}

    /** {@code outpost.store.*}, as the server's store is opened with; unset keys keep their defaults. */
    static StoreTuning storeTuning() {
        return read(StoreConfig.class).tuning();
    }

    /** A feature's configuration as the server would read it; a bad value is one plain line. */
    static <T> T read(Class<T> mapping) {
        try {
            return StandaloneConfig.read(mapping);
        } catch (ConfigValidationException e) {
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < e.getProblemCount(); i++) {
                problems.add(plain(e.getProblem(i).getMessage()));
            }
            throw new CliException(String.join("; ", problems));
        } catch (IllegalArgumentException | NoSuchElementException e) {
            throw new CliException(plain(String.valueOf(e.getMessage())));
        }
    }

    private static final Pattern CONVERSION =
            Pattern.compile("config property (\\S+) with the config value \"(.*?)\" threw");

    /** SmallRye names its own codes and exception classes; one plain line naming key and value. */
    private static String plain(String message) {
        Matcher conversion = CONVERSION.matcher(message);
        if (!conversion.find()) {
            return "invalid configuration: " + message;
        }
        String expected = message.contains("boolean")
                ? "true or false"
                : message.contains("long value") || message.contains("int value") ? "a whole number" : "a valid value";
        return conversion.group(1) + " must be " + expected + ", not '" + conversion.group(2) + "'";
    }
}
