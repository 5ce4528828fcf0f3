package dev.outpost.publishing.feeds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import dev.outpost.publishing.FeedLines;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.ReputationRecord;

/**
 * The abuse.ch CSV feeds (interop.md §4.1–4.4): lines starting with {@code #} are comments (banner,
 * "Number of entries", "END"), but one of them may be the header row; Feodo's current export has an
 * uncommented header instead. A line, commented or not, that names the format's marker column is
 * taken as the header and maps columns by name from then on; without one, the format's documented
 * layout is used. Mapping by name is what makes columns added later (ThreatFox's {@code
 * is_compromised}) harmless.
 */
abstract class CsvFeed implements FeedReader {
    private final String marker;
    private final Map<String, Integer> layout;

    /**
     * @param marker a column name only a header row holds, e.g. {@code sha256_hash}
     * @param layout the columns in the order the current export writes them, for a file without a header
     */
    CsvFeed(String marker, List<String> layout) {
        this.marker = marker;
        this.layout = columns(layout);
    }

    /** Maps one data row to its records (none if the row is of a kind Outpost does not hold). */
    abstract void map(CsvRow row, Consumer<ReputationRecord> out);

    @Override
    public void read(Path file, FeedContext context) throws IOException {
        Map<String, Integer> columns = layout;
        // A header is read only before the first data row: after it, a row whose cell happens to spell
        // a column name (a sample uploaded as "sha256_hash") is data, never a new column map that
        // would shift every later row's fields into the wrong columns.
        boolean dataSeen = false;
        boolean headerSeen = false;
        try (FeedLines lines =
                new FeedLines(Files.newInputStream(file), FeedLines.Decoding.UTF8, FeedLimits.MAX_LINE_BYTES)) {
            while (true) {
                String line;
                try {
                    line = lines.next();
                } catch (InvalidInputException e) {
                    context.invalid(file + ":" + lines.number(), e);
                    continue;
                }
                if (line == null) {
                    return;
                }
                String location = file + ":" + lines.number();
                String content = line.strip();
                if (content.isEmpty()) {
                    continue;
                }
                boolean comment = content.startsWith("#");
                Map<String, Integer> header =
                        dataSeen || headerSeen ? null : header(comment ? content.substring(1) : content);
                if (header != null) {
                    columns = header;
                    headerSeen = true;
                } else if (!comment) {
                    dataSeen = true;
                    Map<String, Integer> current = columns;
                    context.entry(location, out -> map(new CsvRow(FeedCsv.split(content), current), out));
                }
            }
        }
    }

    /** The column map of a header line, or null if the line is not one (a comment, a data row). */
    private Map<String, Integer> header(String line) {
        if (!line.toLowerCase(Locale.ROOT).contains(marker)) {
            return null;
        }
        List<String> cells;
        try {
            cells = FeedCsv.split(line.strip());
        } catch (InvalidInputException e) {
            return null;
        }
        List<String> names = cells.stream()
                .map(cell -> cell.strip().toLowerCase(Locale.ROOT))
                .toList();
        // A real header names several of the format's columns; a data row that spells one column
        // name in one cell (a file named "sha256_hash") does not.
        long known = names.stream().filter(layout::containsKey).count();
        return names.contains(marker) && known >= Math.min(3, layout.size()) ? columns(names) : null;
    }

    private static Map<String, Integer> columns(List<String> names) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            columns.putIfAbsent(names.get(i), i);
        }
        return Map.copyOf(columns);
    }
}
