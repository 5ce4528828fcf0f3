package dev.outpost.local;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outpost.reputation.Category;

/**
 * Writes local verdicts as CSV or JSON Lines (issue 14), in the fields an import reads followed by
 * informational ones, in id order. Streamed in batches, each read in its own short transaction, so
 * memory stays bounded by one batch and no database connection waits on a slow client. The export
 * is therefore not one instant's picture: a verdict changed while it runs appears as it was when its
 * batch was read (each verdict appears once).
 */
@ApplicationScoped
public class LocalVerdictExport {
    static final int BATCH = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalVerdicts verdicts;

    public LocalVerdictExport(LocalVerdicts verdicts) {
        this.verdicts = verdicts;
    }

    /** {@code text/csv} or {@code application/x-ndjson} for {@code csv} or {@code jsonl}; refuses others. */
    public static String mediaType(String format) {
        return VerdictFile.Format.of(format).mediaType;
    }

    /** Writes every verdict in {@code state} as {@code format} ({@code csv} or {@code jsonl}); returns how many. */
    public long write(String format, VerdictState state, OutputStream out) throws IOException {
        VerdictFile.Format parsed = VerdictFile.Format.of(format);
        Instant now = Instant.now();
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        List<String> names = new ArrayList<>(VerdictFile.COLUMNS);
        names.addAll(VerdictFile.INFORMATIONAL);
        if (parsed == VerdictFile.Format.CSV) {
            Csv.write(writer, names);
        }
        long written = 0;
        long after = 0;
        while (true) {
            List<LocalVerdict> batch = verdicts.batchAfter(after, BATCH, state, now);
            for (LocalVerdict row : batch) {
                List<String> values = values(row, now);
                if (parsed == VerdictFile.Format.CSV) {
                    Csv.write(writer, values);
                } else {
                    Map<String, Object> object = new LinkedHashMap<>();
                    for (int i = 0; i < names.size(); i++) {
                        if (values.get(i) != null) {
                            object.put(names.get(i), typed(names.get(i), values.get(i)));
                        }
                    }
                    writer.write(JSON.writeValueAsString(object));
                    writer.write('\n');
                }
                after = row.id;
                written++;
            }
            if (batch.size() < BATCH) {
                break;
            }
        }
        writer.flush();
        return written;
    }

    /** JSON Lines carry numbers and booleans as such; CSV has only text. */
    private static Object typed(String name, String value) {
        return switch (name) {
            case "id", "revision" -> Long.valueOf(value);
            case "expired" -> Boolean.valueOf(value);
            default -> value;
        };
    }

    /** The values of {@link VerdictFile#COLUMNS} and then {@link VerdictFile#INFORMATIONAL}. */
    private static List<String> values(LocalVerdict row, Instant now) {
        String zone = Arrays.stream(Category.values())
                .filter(c -> c.name().equals(row.category))
                .findFirst()
                .map(c -> c.zone().name())
                .orElse(null);
        return Arrays.asList(
                row.kind,
                row.subject,
                row.category,
                row.threatName,
                row.comment,
                LocalVerdicts.text(row.expiresAt),
                String.valueOf(row.expiredAt(now)),
                String.valueOf(row.id),
                zone,
                row.effectiveOrigin().id(),
                row.effectiveOwner(),
                row.createdBy,
                LocalVerdicts.text(row.createdAt),
                row.updatedBy,
                LocalVerdicts.text(row.updatedAt),
                String.valueOf(row.revision));
    }
}
