package dev.outpost.bundle.importing;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The imports of this replica that have not reached the import history yet: queued uploads and the
 * one import that runs. An import leaves only once its history row is committed, so that a client
 * polling its id always finds it in one place or the other.
 */
@ApplicationScoped
public class ImportTracker {
    private final Map<String, LiveImport> live = new ConcurrentHashMap<>();

    LiveImport add(LiveImport progress) {
        live.put(progress.id(), progress);
        return progress;
    }

    void remove(String id) {
        live.remove(id);
    }

    public Optional<LiveImport> find(String id) {
        return Optional.ofNullable(live.get(id));
    }
}
