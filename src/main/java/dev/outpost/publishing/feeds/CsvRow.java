package dev.outpost.publishing.feeds;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.InvalidInputException;

/**
 * One data row of a CSV feed, read by column name through the feed's header (or its documented
 * layout). A row may have more cells than the header names (interop.md §4.1: MalwareBazaar's header
 * named 12 columns while rows had 14); the extra cells are not read. Every error names the column.
 */
final class CsvRow {
    private final List<String> cells;
    private final Map<String, Integer> columns;

    CsvRow(List<String> cells, Map<String, Integer> columns) {
        this.cells = cells;
        this.columns = columns;
    }

    /** The column's text, or null when it is empty, an empty marker, or a column the header does not name. */
    String text(String column) {
        Integer index = columns.get(column);
        if (index == null) {
            return null;
        }
        if (index >= cells.size()) {
            throw new InvalidInputException(
                    "invalid-row",
                    "the row has " + cells.size() + " fields; column '" + column + "' is field " + (index + 1),
                    String.join(",", cells));
        }
        return FeedValues.text(cells.get(index));
    }

    /** The column's text; an error when it is empty. */
    String required(String column) {
        String text = text(column);
        if (text == null) {
            throw new InvalidInputException("invalid-row", column + " is empty", null);
        }
        return text;
    }

    LocalDate date(String column) {
        return FeedValues.date(text(column), column);
    }

    /** A digest of the given type, or null when the column is empty. */
    Hash hash(String column, HashType type) {
        String text = text(column);
        if (text == null) {
            return null;
        }
        try {
            return Hash.parse(text, type);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.problemType(), column + ": " + e.detail(), e.input());
        }
    }
}
