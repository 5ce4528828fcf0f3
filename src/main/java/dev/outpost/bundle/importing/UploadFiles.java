package dev.outpost.bundle.importing;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an uploaded bundle waits for its import: {@code <staging>/<importId>.<fileName>.upload}. In
 * staging, because everything there is work in progress that {@link ImportJournal#recover} clears at
 * start; the import id and the file name in the name are what recovery records an upload that never
 * ran under.
 */
final class UploadFiles {
    static final String ORIGIN = "upload";
    private static final String SUFFIX = ".upload";
    /** A UUID, then a name as {@link ImportService#safeFileName} makes it. */
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private static final Pattern NAME =
            Pattern.compile("(" + UUID + ")\\.([A-Za-z0-9._-]{1,200})" + Pattern.quote(SUFFIX));

    private UploadFiles() {}

    record Upload(String importId, String fileName) {}

    static Path of(Path staging, String importId, String safeFileName) {
        return staging.resolve(importId + "." + safeFileName + SUFFIX);
    }

    /** Whether {@code id} is an import id as {@link ImportService} makes them (journals of tests use others). */
    static boolean isImportId(String id) {
        return id != null && id.matches(UUID);
    }

    static Optional<Upload> parse(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches() ? Optional.of(new Upload(m.group(1), m.group(2))) : Optional.empty();
    }
}
