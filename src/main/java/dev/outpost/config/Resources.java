package dev.outpost.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens configured locations: a file path, or {@code classpath:} for resources in the artifact. */
public final class Resources {
    public static final String CLASSPATH_PREFIX = "classpath:";

    private Resources() {}

    public static InputStream open(String location) throws IOException {
        if (location.startsWith(CLASSPATH_PREFIX)) {
            String name = location.substring(CLASSPATH_PREFIX.length());
            InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name);
            if (in == null) {
                throw new IOException("no resource " + name + " in the application");
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }

    /** The last path segment, for logs and file names. */
    public static String fileName(String location) {
        String path = location.startsWith(CLASSPATH_PREFIX) ? location.substring(CLASSPATH_PREFIX.length()) : location;
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }
}
