package dev.outpost.publishing.feeds;

import java.util.ArrayList;
import java.util.List;

import dev.outpost.reputation.InvalidInputException;

/**
 * Splits one CSV line as the public feeds write them (interop.md §4): RFC 4180 quoting with doubled
 * quotes, and also the abuse.ch exports' comma-space separators ({@code "a", "b"}): blanks around a
 * quoted field are not part of it. Unquoted fields (Feodo's old form, NSRL's numbers) are trimmed. A
 * quoted field may hold commas (URLhaus tags) but not a line end: every feed keeps a record on one
 * line.
 */
final class FeedCsv {
    private FeedCsv() {}

    static List<String> split(String line) {
        return split(line, Integer.MAX_VALUE);
    }

    /** The first {@code maxCells} fields; the rest of the line is not looked at. */
    static List<String> split(String line, int maxCells) {
        List<String> cells = new ArrayList<>();
        int length = line.length();
        int i = 0;
        StringBuilder cell = new StringBuilder();
        while (true) {
            i = skipBlanks(line, i);
            if (i < length && line.charAt(i) == '"') {
                cell.setLength(0);
                i++;
                while (true) {
                    if (i >= length) {
                        throw new InvalidInputException(
                                "invalid-csv", "field " + (cells.size() + 1) + " has no closing quote", line);
                    }
                    char c = line.charAt(i);
                    if (c == '"' && i + 1 < length && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i += 2;
                    } else if (c == '"') {
                        i++;
                        break;
                    } else {
                        cell.append(c);
                        i++;
                    }
                }
                i = skipBlanks(line, i);
                if (i < length && line.charAt(i) != ',') {
                    throw new InvalidInputException(
                            "invalid-csv",
                            "text after the closing quote of field " + (cells.size() + 1) + " (a quote inside a"
                                    + " quoted field is written twice)",
                            line);
                }
                cells.add(cell.toString());
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? length : comma;
                cells.add(line.substring(i, end).strip());
                i = end;
            }
            if (cells.size() >= maxCells || i >= length) {
                return cells;
            }
            i++;
        }
    }

    private static int skipBlanks(String line, int i) {
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
