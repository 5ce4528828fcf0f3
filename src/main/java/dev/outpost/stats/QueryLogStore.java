package dev.outpost.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The {@code query_log} table of migration V9. Plain JDBC: entries are written in batches, many a
 * statement, which an entity per row would not do.
 */
@ApplicationScoped
public class QueryLogStore {
    /** One stored entry. */
    public record Stored(long id, Instant at, String kind, String object, String zone, String source, String client) {}

    private final DataSource database;

    public QueryLogStore(DataSource database) {
        this.database = database;
    }

    @Transactional
    public void insert(List<QueryLog.Entry> entries) {
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO query_log (logged_at, kind, subject, zone, source, client_address)"
                                + " VALUES (?, ?, ?, ?, ?, ?)")) {
            for (QueryLog.Entry entry : entries) {
                insert.setObject(1, StatsStore.utc(entry.at()));
                insert.setString(2, entry.kind());
                insert.setString(3, entry.object());
                insert.setString(4, entry.zone());
                insert.setString(5, entry.source());
                if (entry.client() == null) {
                    insert.setNull(6, Types.VARCHAR);
                } else {
                    insert.setString(6, entry.client());
                }
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new StatsStorageException("cannot write the query log", e);
        }
    }

    /** One page, newest first. */
    @Transactional
    public List<Stored> page(int page, int size) {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id, logged_at, kind, subject, zone, source, client_address FROM query_log"
                                + " ORDER BY id DESC LIMIT ? OFFSET ?")) {
            select.setInt(1, size);
            select.setLong(2, (long) page * size);
            List<Stored> rows = new ArrayList<>(size);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Stored(
                            result.getLong(1),
                            result.getObject(2, OffsetDateTime.class).toInstant(),
                            result.getString(3),
                            result.getString(4),
                            result.getString(5),
                            result.getString(6),
                            result.getString(7)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StatsStorageException("cannot read the query log", e);
        }
    }

    /** Removes entries logged before {@code before}; returns how many. */
    @Transactional
    public int purge(Instant before) {
        try (Connection connection = database.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM query_log WHERE logged_at < ?")) {
            delete.setObject(1, StatsStore.utc(before));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new StatsStorageException("cannot purge the query log", e);
        }
    }
}
