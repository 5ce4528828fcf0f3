package dev.outpost.bundle.importing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import dev.outpost.config.CoreConfig;
import dev.outpost.config.Resources;
import dev.outpost.config.Role;
import dev.outpost.store.GenerationStore;

/**
 * At start: opens the store (which removes unfinished generations), cleans staging and records
 * imports a crash interrupted, and, in the demo profile
 * only, imports the demo bundle when no dataset is active yet, through the same verified path as
 * any other bundle.
 */
@ApplicationScoped
public class DatasetBootstrap {
    private static final Logger LOG = Logger.getLogger(DatasetBootstrap.class);

    private final GenerationStore store;
    private final ImportService imports;
    /** Only the server imports the demo bundle: a CLI command never changes the dataset on its own. */
    private final Optional<String> demoBundle;

    private volatile boolean complete;

    public DatasetBootstrap(GenerationStore store, ImportService imports, CoreConfig core, DemoConfig demo) {
        this.store = store;
        this.imports = imports;
        this.demoBundle = core.role() == Role.SERVE ? demo.bundle() : Optional.empty();
    }

    void onStart(@Observes StartupEvent event) throws IOException {
        // Before any import: the store has removed unfinished generations; staging goes too.
        imports.recoverInterrupted();
        imports.pruneQuarantine();
        store.activeInfo()
                .ifPresentOrElse(
                        info -> LOG.infof("Serving dataset %s sequence %d", info.dataset(), info.sequence()),
                        () -> LOG.info("No dataset is active yet"));
        if (demoBundle.isPresent() && store.activeInfo().isEmpty()) {
            String location = demoBundle.get();
            LOG.infof("Importing the demo bundle %s", location);
            try (InputStream in = Resources.open(location)) {
                imports.importStream(in, Resources.fileName(location), "demo", new LoggingProgress("demo bundle"));
            }
        }
        complete = true;
    }

    /** Whether start-up work (store recovery, first import) has finished. */
    public boolean isComplete() {
        return complete;
    }
}
