package dev.outpost.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The log as JSON Lines for a SIEM or an auditor (docs/audit.md): one entry per line, oldest first,
 * from entry 1 up to the head as it was when the export began; read in pages, so any size fits.
 */
@ApplicationScoped
public class AuditExporter {
    private final AuditEntries entries;
    private final AuditHeads heads;

    public AuditExporter(AuditEntries entries, AuditHeads heads) {
        this.entries = entries;
        this.heads = heads;
    }

    /** What was written: how many entries, and the last one's seq and hash (the anchor to compare). */
    public record Exported(long entries, long lastSeq, String lastHash) {}

    /** Writes every entry up to the current head; each line ends in {@code \n}. */
    public Exported export(Writer out) throws IOException {
        AuditHead head = QuarkusTransaction.requiringNew().call(() -> heads.findById(AuditHead.ID));
        // Without a head, everything there is: verify says what is wrong with that log.
        long upTo = head == null ? Long.MAX_VALUE : head.lastSeq;
        long count = 0;
        long after = 0;
        String lastHash = AuditCanonical.GENESIS;
        while (true) {
            long from = after;
            List<AuditEntry> page =
                    QuarkusTransaction.requiringNew().call(() -> entries.after(from, upTo, AuditVerifier.PAGE));
            for (AuditEntry entry : page) {
                out.write(entry.jsonLine());
                out.write('\n');
                count++;
                after = entry.seq;
                lastHash = entry.hash;
            }
            if (page.size() < AuditVerifier.PAGE) {
                break;
            }
        }
        out.flush();
        return new Exported(count, after, lastHash);
    }

    /**
     * Exports to {@code file}: written to a temporary file beside it and moved into place, so the
     * file is either absent or whole. An existing file is replaced only with {@code overwrite}.
     */
    public Exported export(Path file, boolean overwrite) throws IOException {
        Path target = file.toAbsolutePath();
        if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            Exported exported;
            try (Writer out = new BufferedWriter(Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))) {
                exported = export(out);
            }
            if (overwrite) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                // rename(2) would replace a file that appeared meanwhile; a hard link never does.
                try {
                    Files.createLink(target, temporary);
                } catch (UnsupportedOperationException e) {
                    Files.move(temporary, target);
                }
            }
            return exported;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
