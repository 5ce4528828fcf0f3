package dev.outpost.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The statistics tables of migration V9: {@code stats_hourly} and {@code stats_daily}, one row per
 * replica, period, kind, zone and source. Plain JDBC, because every statement is set-based (add to a
 * row, roll a day up, purge) and none needs an entity. Portable SQL: H2 and PostgreSQL.
 */
@ApplicationScoped
public class StatsStore {
    /** One summed row of a series. */
    record Row(Instant start, String kind, String zone, String source, long lookups) {}

    private final DataSource database;

    public StatsStore(DataSource database) {
        this.database = database;
    }

    /**
     * Adds {@code deltas} (indexed by cell) to this replica's rows of {@code hour}. Only this replica
     * writes its rows, and one flush runs at a time, so update-else-insert needs no UPSERT: it is the
     * same SQL on H2 and PostgreSQL. One transaction: all of a flush is written, or none of it.
     */
    @Transactional
    public void add(String replica, Instant hour, long[] deltas) {
        OffsetDateTime start = utc(hour);
        try (Connection connection = database.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE stats_hourly SET lookups = lookups + ? WHERE replica_id = ? AND hour_start = ?"
                                + " AND kind = ? AND zone = ? AND source = ?");
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO stats_hourly (replica_id, hour_start, kind, zone, source, lookups)"
                                + " VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int cell = 0; cell < deltas.length; cell++) {
                if (deltas[cell] == 0) {
                    continue;
                }
                update.setLong(1, deltas[cell]);
                update.setString(2, replica);
                update.setObject(3, start);
                update.setString(4, Cells.kind(cell));
                update.setString(5, Cells.zone(cell));
                update.setString(6, Cells.source(cell));
                if (update.executeUpdate() == 0) {
                    insert.setString(1, replica);
                    insert.setObject(2, start);
                    insert.setString(3, Cells.kind(cell));
                    insert.setString(4, Cells.zone(cell));
                    insert.setString(5, Cells.source(cell));
                    insert.setLong(6, deltas[cell]);
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new StatsStorageException("cannot add this replica's counts to the hourly statistics", e);
        }
    }

    /**
     * Rolls the hourly rows of the day starting at {@code day} up into daily rows, for every replica
     * that has none for that day yet. A day is rolled up once it is over, when its hourly rows no
     * longer change; doing it again adds nothing. Replicas may race to roll up the same day: the
     * primary key lets one win, and the other's transaction fails and is tried again next time.
     *
     * @return the daily rows written
     */
    @Transactional
    public int rollUp(Instant day) {
        OffsetDateTime start = utc(day);
        OffsetDateTime end = start.plusDays(1);
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO stats_daily (replica_id, day_start, kind, zone, source, lookups)"
                                + " SELECT h.replica_id, ?, h.kind, h.zone, h.source, SUM(h.lookups)"
                                + " FROM stats_hourly h WHERE h.hour_start >= ? AND h.hour_start < ?"
                                + " AND NOT EXISTS (SELECT 1 FROM stats_daily d"
                                + " WHERE d.replica_id = h.replica_id AND d.day_start = ?)"
                                + " GROUP BY h.replica_id, h.kind, h.zone, h.source")) {
            insert.setObject(1, start);
            insert.setObject(2, start);
            insert.setObject(3, end);
            insert.setObject(4, start);
            return insert.executeUpdate();
        } catch (SQLException e) {
            throw new StatsStorageException("cannot roll up the statistics of " + day, e);
        }
    }

    /** Removes hourly rows of hours that started before {@code before}; returns how many. */
    @Transactional
    public int purgeHourly(Instant before) {
        return delete("DELETE FROM stats_hourly WHERE hour_start < ?", before);
    }

    /** Removes daily rows of days that started before {@code before}; returns how many. */
    @Transactional
    public int purgeDaily(Instant before) {
        return delete("DELETE FROM stats_daily WHERE day_start < ?", before);
    }

    /** Every replica's hourly rows of hours in {@code [from, to)}, summed per hour and cell. */
    @Transactional
    public List<Row> hourly(Instant from, Instant to) {
        return series("stats_hourly", "hour_start", from, to);
    }

    /** Every replica's daily rows of days in {@code [from, to)}, summed per day and cell. */
    @Transactional
    public List<Row> daily(Instant from, Instant to) {
        return series("stats_daily", "day_start", from, to);
    }

    private List<Row> series(String table, String start, Instant from, Instant to) {
        // The table and column are this class's constants, never input.
        String sql = "SELECT " + start + ", kind, zone, source, SUM(lookups) FROM " + table + " WHERE " + start
                + " >= ? AND " + start + " < ? GROUP BY " + start + ", kind, zone, source";
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, utc(from));
            select.setObject(2, utc(to));
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(
                            result.getObject(1, OffsetDateTime.class).toInstant(),
                            result.getString(2),
                            result.getString(3),
                            result.getString(4),
                            result.getLong(5)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StatsStorageException("cannot read the statistics", e);
        }
    }

    private int delete(String sql, Instant before) {
        try (Connection connection = database.getConnection();
                PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setObject(1, utc(before));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new StatsStorageException("cannot purge old statistics", e);
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
