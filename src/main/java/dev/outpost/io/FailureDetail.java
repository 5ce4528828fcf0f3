package dev.outpost.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Pattern;

import dev.outpost.reputation.OutpostException;

/**
 * What to tell an operator about an unexpected failure: import history, quarantine reason files,
 * the dataset API and the CLI show it. A Java exception's message may name classes ({@code
 * java.io.IOException: …}, a null pointer's "Cannot invoke java.util.List.size()"), which is not the
 * project's language (STYLE.md point 5, issue 11 item 12): such a message is replaced by a plain
 * sentence, and the log keeps the exception.
 */
public final class FailureDetail {
    /** A dotted Java package or class name, or an exception's class name. */
    private static final Pattern INTERNALS =
            Pattern.compile("\\b(java|javax|jakarta|com|dev|org|io|sun)\\.[a-z]+\\.|Exception\\b|\\bclass\\b");

    private static final String UNEXPLAINED = "an unexpected error (the log has the details)";

    private FailureDetail() {}

    /** Whether a message is free of Java names, fit to show as it is. */
    public static boolean isPlain(String message) {
        return message != null
                && !message.isBlank()
                && !INTERNALS.matcher(message).find();
    }

    public static String of(Throwable e) {
        if (e instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (e instanceof FileSystemException system && system.getReason() != null) {
            return system.getReason() + (system.getFile() == null ? "" : ": " + system.getFile());
        }
        if (e instanceof OutpostException outpost) {
            return outpost.detail();
        }
        // Our code throws these with its own words; the JVM's own errors (a null pointer, a bad
        // cast, an index) describe code, not the bundle, and are never shown.
        boolean ours = e instanceof IOException
                || e instanceof UncheckedIOException
                || e instanceof IllegalStateException
                || e instanceof IllegalArgumentException;
        String message = e.getMessage();
        if (!ours
                || message == null
                || message.isBlank()
                || INTERNALS.matcher(message).find()) {
            return UNEXPLAINED;
        }
        return message;
    }
}
