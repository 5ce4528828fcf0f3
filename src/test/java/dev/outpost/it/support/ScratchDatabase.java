package dev.outpost.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database of its own on the machine's PostgreSQL (TOOLCHAIN: 127.0.0.1:5432, trust
 * authentication, user postgres), created fresh with a unique name and dropped on close, with
 * whatever connections replicas still hold.
 */
public final class ScratchDatabase implements AutoCloseable {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String USER = "postgres";

    private final String name;

    private ScratchDatabase(String name) {
        this.name = name;
    }

    /** Whether a PostgreSQL answers; prints why not. */
    public static boolean reachable() {
        try (Connection ignored = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
            return true;
        } catch (SQLException e) {
            System.err.println("No PostgreSQL at " + SERVER + " (" + e.getMessage() + ")");
            return false;
        }
    }

    /** {@code OUTPOST_REQUIRE_POSTGRES=1} (set by .ci/run) makes an unreachable server a failure, not a skip. */
    public static boolean required() {
        return "1".equals(System.getenv("OUTPOST_REQUIRE_POSTGRES"));
    }

    public static ScratchDatabase create(String prefix) throws SQLException {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + Long.toHexString(System.nanoTime());
        execute("create database " + name);
        return new ScratchDatabase(name);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return SERVER + name;
    }

    @Override
    public void close() throws SQLException {
        execute("drop database if exists " + name + " with (force)");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
