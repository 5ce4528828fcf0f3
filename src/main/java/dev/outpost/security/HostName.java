package dev.outpost.security;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This host's name, read without a name lookup: {@code InetAddress.getLocalHost()} may ask DNS,
 * and the appliance never sends a query out (README, "no data leaves the appliance").
 */
final class HostName {
    private HostName() {}

    static String get() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = Files.readString(Path.of("/etc/hostname")).strip();
            } catch (Exception e) {
                name = "";
            }
        }
        name = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() ? "unknown-host" : name.substring(0, Math.min(name.length(), 100));
    }
}
