package dev.outpost.http;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per client address (issue 11 item 1), so that one client cannot hold every
 * connection slot the appliance has. A count goes away with its client's last connection.
 */
final class ClientConnections {
    private final int maxPerClient;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    ClientConnections(int maxPerClient) {
        if (maxPerClient < 1) {
            throw new IllegalArgumentException(
                    "outpost.http.max-connections-per-client must be at least 1, got " + maxPerClient);
        }
        this.maxPerClient = maxPerClient;
    }

    int maxPerClient() {
        return maxPerClient;
    }

    /** Counts one more connection of {@code client}; false, and nothing counted, once it has the most. */
    boolean tryOpen(String client) {
        boolean[] admitted = {false};
        open.compute(client, (address, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerClient) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0];
    }

    void closed(String client) {
        open.computeIfPresent(client, (address, count) -> count <= 1 ? null : count - 1);
    }

    /** Open connections of {@code client}, for tests and diagnostics. */
    int openBy(String client) {
        return open.getOrDefault(client, 0);
    }
}
