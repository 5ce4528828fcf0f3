package dev.outpost.bundle.importing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import dev.outpost.store.DatasetInfo;
import dev.outpost.store.GenerationStore;

/**
 * The durable record of one import's progress: {@code <staging>/<id>.journal}, one line per state,
 * each flushed to disk before the import goes on. The staged copy of the bundle is {@code
 * <staging>/<id>.bundle}. Nothing else lives in staging, so after a crash {@link #recover} can
 * clean it completely and say what each interrupted import had reached.
 */
public final class ImportJournal implements ImportProgress {
    private static final Logger LOG = Logger.getLogger(ImportJournal.class);
    private static final String HEADER = "outpost-import-journal 1";
    /** Written once the import's outcome is in the import history: recovery then only cleans up. */
    private static final String RECORDED = "recorded";

    private final Path file;
    private final Path staged;
    private final ImportProgress progress;

    private ImportJournal(Path file, Path staged, ImportProgress progress) {
        this.file = file;
        this.staged = staged;
        this.progress = progress;
    }

    /**
     * Starts the journal of a new import; {@code id} (the import's id, a UUID), {@code fileName} and
     * {@code origin} are already safe words.
     */
    static ImportJournal begin(Path staging, String id, String origin, String fileName, ImportProgress progress) {
        ImportJournal journal =
                new ImportJournal(staging.resolve(id + ".journal"), staging.resolve(id + ".bundle"), progress);
        try {
            journal.append(HEADER + "\norigin=" + origin + " file=" + fileName + " started=" + Instant.now() + " id="
                    + id + "\n");
        } catch (UncheckedIOException e) {
            // A full disk (issue 11 item 5): no import started, so no torn journal may stay behind.
            journal.finish();
            throw e;
        }
        return journal;
    }

    /** Where the bundle is copied to. */
    Path staged() {
        return staged;
    }

    void received(String sha256, long bytes) {
        append(ImportState.RECEIVED.label() + " " + Instant.now() + " sha256=" + sha256 + " bytes=" + bytes + "\n");
        progress.reached(ImportState.RECEIVED);
    }

    @Override
    public void update(String phase, long bytesDone, long bytesTotal) {
        progress.update(phase, bytesDone, bytesTotal);
    }

    @Override
    public void reached(ImportState state) {
        append(state.label() + " " + Instant.now() + "\n");
        progress.reached(state);
    }

    @Override
    public void recordsWritten(long records) {
        progress.recordsWritten(records);
    }

    void recorded() {
        append(RECORDED + " " + Instant.now() + "\n");
    }

    /** The import is over and its staged copy is gone or quarantined: the journal goes too. */
    void finish() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove import journal " + file, e);
        }
    }

    private void append(String line) {
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write import journal " + file, e);
        }
    }

    /**
     * An import that a crash interrupted, as its journal tells it.
     *
     * @param lastState the last state reached, empty if the copy into staging was not complete
     * @param activated whether its bundle is the active dataset (it got past the switch even if the
     *     journal did not say so before the crash)
     * @param recorded whether its outcome already reached the import history
     * @param importId the import's id (null in journals older than ids)
     * @param queued whether it was an upload whose import had not started (it has no journal)
     */
    public record Interrupted(
            String importId,
            String origin,
            String fileName,
            Instant started,
            String sha256,
            Long bytes,
            Optional<ImportState> lastState,
            boolean activated,
            boolean recorded,
            boolean queued) {}

    /**
     * Called at start, after the store has opened (which removes unfinished generations) and before
     * any import: reads every journal, removes every staged file and every upload that had not been
     * imported ({@link UploadFiles}), and returns what was interrupted, uploads included.
     */
    public static List<Interrupted> recover(Path staging, GenerationStore store) {
        List<Interrupted> interrupted = new ArrayList<>();
        List<Interrupted> uploads = new ArrayList<>();
        Optional<String> activeSha = store.activeInfo().map(DatasetInfo::bundleSha256);
        try (Stream<Path> files = Files.list(staging)) {
            for (Path path : files.sorted().toList()) {
                String name = path.getFileName().toString();
                if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    // Imports only ever write files here; a directory was put here by someone else.
                    LOG.warnf("Leaving directory %s in staging: imports never create one", name);
                    continue;
                }
                if (name.endsWith(".journal")) {
                    try {
                        read(path, activeSha).ifPresent(interrupted::add);
                    } catch (RuntimeException e) {
                        // A line torn by the crash: the import is cleaned up all the same.
                        LOG.warnf("Import journal %s is unreadable (%s); removing it", name, e.getMessage());
                    }
                }
                UploadFiles.parse(name)
                        .ifPresent(upload -> uploads.add(new Interrupted(
                                upload.importId(),
                                UploadFiles.ORIGIN,
                                upload.fileName(),
                                modified(path),
                                null,
                                null,
                                Optional.empty(),
                                false,
                                false,
                                true)));
                LOG.infof("Removing %s from staging, left by an interrupted import", name);
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean the staging directory " + staging, e);
        }
        // An upload whose import had started has a journal, which tells more; the others never started.
        for (Interrupted upload : uploads) {
            if (interrupted.stream().noneMatch(i -> upload.importId().equals(i.importId()))) {
                interrupted.add(upload);
            }
        }
        return interrupted;
    }

    private static Instant modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toInstant();
        } catch (IOException e) {
            return Instant.now();
        }
    }

    private static Optional<Interrupted> read(Path journal, Optional<String> activeSha) throws IOException {
        List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
        if (lines.size() < 2 || !lines.get(0).equals(HEADER)) {
            LOG.warnf("Import journal %s is unreadable; removing it", journal.getFileName());
            return Optional.empty();
        }
        String origin = field(lines.get(1), "origin");
        String fileName = field(lines.get(1), "file");
        Instant started = Instant.parse(field(lines.get(1), "started"));
        String importId =
                UploadFiles.isImportId(optionalField(lines.get(1), "id")) ? optionalField(lines.get(1), "id") : null;
        String sha256 = null;
        Long bytes = null;
        ImportState last = null;
        boolean recorded = false;
        for (String line : lines.subList(2, lines.size())) {
            String word = line.split(" ", 2)[0];
            if (word.equals(RECORDED)) {
                recorded = true;
                continue;
            }
            for (ImportState state : ImportState.values()) {
                if (state.label().equals(word)) {
                    last = state;
                }
            }
            if (word.equals(ImportState.RECEIVED.label())) {
                sha256 = field(line, "sha256");
                bytes = Long.valueOf(field(line, "bytes"));
            }
        }
        // A crash between the switch and the journal line leaves "built" with the bundle active.
        boolean activated = sha256 != null
                && (last == ImportState.BUILT || last == ImportState.ACTIVATED)
                && activeSha.filter(sha256::equals).isPresent();
        return Optional.of(new Interrupted(
                importId,
                origin,
                fileName,
                started,
                sha256,
                bytes,
                Optional.ofNullable(last),
                activated,
                recorded,
                false));
    }

    private static String field(String line, String key) {
        String value = optionalField(line, key);
        if (value == null) {
            throw new IllegalStateException("import journal line '" + line + "' has no " + key);
        }
        return value;
    }

    private static String optionalField(String line, String key) {
        for (String token : line.split(" ")) {
            if (token.startsWith(key + "=")) {
                return token.substring(key.length() + 1);
            }
        }
        return null;
    }
}
