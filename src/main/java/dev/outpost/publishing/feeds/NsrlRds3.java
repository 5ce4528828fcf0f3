package dev.outpost.publishing.feeds;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;
import org.sqlite.SQLiteOpenMode;

import dev.outpost.reputation.InvalidInputException;

/**
 * NSRL RDSv3, an SQLite database (interop.md §4.7), opened read-only. Only the {@code FILE}
 * relation's {@code sha256}, {@code sha1} and {@code md5} columns are read, by name: in the minimal
 * ("modern") flavour {@code FILE} is a table, in the curated one a view over normalised tables, and
 * both have these columns. Rows are read in digest order ({@code ORDER BY sha256, sha1, md5}, which
 * the minimal flavour's primary key index serves without sorting), so the rows of a file listed in
 * many packages are consecutive and counted as duplicates; the cursor streams, nothing is held.
 * An error names the row number in that order.
 */
final class NsrlRds3 implements FeedReader {
    static final String QUERY = "SELECT sha256, sha1, md5 FROM FILE ORDER BY sha256, sha1, md5";

    /** Longest string or blob SQLite may make while reading (a row of the curated view is far smaller). */
    static final int MAX_VALUE_BYTES = 1024 * 1024;

    /** Deepest expression in the schema's SQL (SQLite's default is 1,000). */
    static final int MAX_EXPRESSION_DEPTH = 100;

    @Override
    public void read(Path file, FeedContext context) throws IOException {
        String name = file.toAbsolutePath().toString();
        if (name.indexOf('?') >= 0) {
            // The driver reads "?" in a database name as the start of connection options.
            throw new InvalidInputException(
                    "invalid-feed", file + ": an NSRL database's path must not contain '?'", name);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        long row = 0;
        try (Connection connection = config.createConnection("jdbc:sqlite:" + name)) {
            harden(connection);
            requireFileRelation(file, connection);
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(QUERY)) {
                String previous = null;
                while (rows.next()) {
                    row++;
                    String sha256 = rows.getString(1);
                    String sha1 = rows.getString(2);
                    String md5 = rows.getString(3);
                    String key = sha256 + '/' + sha1 + '/' + md5;
                    if (key.equalsIgnoreCase(previous)) {
                        context.duplicate();
                        continue;
                    }
                    previous = key;
                    context.entry(file + ": FILE row " + row, out -> out.accept(NsrlFiles.file(md5, sha1, sha256)));
                }
            }
        } catch (SQLException e) {
            String where = row == 0 ? file.toString() : file + ": FILE row " + (row + 1);
            throw FeedContext.fatal(where, "cannot be read as an NSRL RDSv3 SQLite database: " + reason(e), null);
        }
    }

    /**
     * The database is a download, and its {@code FILE} may be a view: SQL its author wrote, run here.
     * So the schema is not trusted (a view or trigger may call no function with side effects), the
     * connection cannot write, and no value may be longer than {@link #MAX_VALUE_BYTES} (a view
     * computing {@code zeroblob(2e9)} must fail, not fill the heap), nor may it attach databases.
     */
    private static void harden(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA trusted_schema = OFF");
            statement.execute("PRAGMA query_only = ON");
        }
        var database = connection.unwrap(SQLiteConnection.class).getDatabase();
        database.limit(SQLiteLimits.SQLITE_LIMIT_LENGTH.getId(), MAX_VALUE_BYTES);
        database.limit(SQLiteLimits.SQLITE_LIMIT_ATTACHED.getId(), 0);
        database.limit(SQLiteLimits.SQLITE_LIMIT_EXPR_DEPTH.getId(), MAX_EXPRESSION_DEPTH);
    }

    private static void requireFileRelation(Path file, Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT type FROM sqlite_master WHERE name = 'FILE' COLLATE NOCASE AND type IN ('table', 'view')");
                ResultSet result = statement.executeQuery()) {
            if (!result.next()) {
                throw FeedContext.fatal(
                        file.toString(), "not an NSRL RDSv3 database: it has no FILE table or view", null);
            }
        }
    }

    /** The SQLite message without the driver's prefix ("[SQLITE_NOTADB] …"). */
    private static String reason(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int close = message.indexOf("] ");
        return message.startsWith("[") && close > 0 ? message.substring(close + 2) : message;
    }
}
