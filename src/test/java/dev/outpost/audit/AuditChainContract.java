package dev.outpost.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.outpost.audit.AuditVerification.Broken;
import dev.outpost.audit.AuditVerification.Reason;

/**
 * The chain against tampering straight in the database (issue 14): each case builds a fresh chain,
 * alters, deletes or reorders rows through JDBC, and checks that verify names the entry that breaks
 * and why. Run on H2 ({@link AuditChainH2Test}) and on the machine's PostgreSQL
 * ({@link AuditChainPostgresTest}). Also: appenders taking turns, one of them a plain JDBC
 * connection that follows the documented protocol as another process would.
 */
abstract class AuditChainContract {
    private static final int ENTRIES = 10;

    @Inject
    AuditLog log;

    @Inject
    AuditVerifier verifier;

    @Inject
    DataSource dataSource;

    @Test
    void anUntouchedChainIsValidAndTheHeadNamesItsLastEntry() throws SQLException {
        freshChain(ENTRIES);
        AuditVerification verification = verifier.verify();
        assertThat(verification).isInstanceOf(AuditVerification.Valid.class);
        AuditVerification.Valid valid = (AuditVerification.Valid) verification;
        assertThat(valid.entries()).isEqualTo(ENTRIES);
        assertThat(valid.headHash()).isEqualTo(query("select hash from audit_entry where seq = 10"));
        assertThat(query("select prev_hash from audit_entry where seq = 1")).isEqualTo(AuditCanonical.GENESIS);
    }

    @Test
    void alteringAnyColumnOfAnEntryNamesThatEntry() throws SQLException {
        for (String change : List.of(
                "actor = 'mallory'",
                "address = '198.51.100.66'",
                "address = null",
                "action = 'token.created'",
                "target = null",
                "details = '{\"n\":\"4\",\"outcome\":\"REJECTED\"}'",
                "time_millis = time_millis + 1",
                "prev_hash = '" + "1".repeat(64) + "'",
                "hash = '" + "2".repeat(64) + "'")) {
            freshChain(ENTRIES);
            execute("update audit_entry set " + change + " where seq = 4");
            assertBroken(4, Reason.CONTENT_ALTERED, "entry 4");
        }
    }

    @Test
    void anEntryRewrittenWithItsHashRecomputedBreaksTheLinkOfTheNext() throws SQLException {
        freshChain(ENTRIES);
        AuditEntry forged = read(4);
        forged.actor = "mallory";
        forged.hash = AuditCanonical.sha256(forged.canonical());
        execute("update audit_entry set actor = 'mallory', hash = '" + forged.hash + "' where seq = 4");
        assertBroken(5, Reason.CHAIN_BROKEN, "entry 4 was rewritten");
    }

    @Test
    void deletingAMiddleEntryNamesIt() throws SQLException {
        freshChain(ENTRIES);
        execute("delete from audit_entry where seq = 5");
        Broken broken = assertBroken(5, Reason.ENTRY_MISSING, "entry 5 is missing");
        assertThat(broken.entries()).isEqualTo(ENTRIES - 1);
    }

    @Test
    void deletingTheFirstEntryNamesIt() throws SQLException {
        freshChain(ENTRIES);
        execute("delete from audit_entry where seq = 1");
        assertBroken(1, Reason.ENTRY_MISSING, "entry 1 is missing");
    }

    @Test
    void deletingTheLastEntriesIsCaughtByTheHead() throws SQLException {
        freshChain(ENTRIES);
        execute("delete from audit_entry where seq = 10");
        assertBroken(10, Reason.ENTRY_MISSING, "the head records 10 entries");
        freshChain(ENTRIES);
        execute("delete from audit_entry where seq >= 8");
        assertBroken(8, Reason.ENTRY_MISSING, "from 8 were deleted");
    }

    @Test
    void swappingTwoEntriesSeqNamesTheFirstAndWhatItHolds() throws SQLException {
        freshChain(ENTRIES);
        execute("update audit_entry set seq = -1 where seq = 3");
        execute("update audit_entry set seq = 3 where seq = 7");
        execute("update audit_entry set seq = 7 where seq = -1");
        assertBroken(3, Reason.OUT_OF_ORDER, "entry 3 holds the content of entry 7");
    }

    @Test
    void swappingTheContentsOfNeighboursNamesTheFirst() throws SQLException {
        freshChain(ENTRIES);
        // Rows 6 and 7 exchange everything but their seq.
        execute("update audit_entry set seq = -6 where seq = 6");
        execute("update audit_entry set seq = 6 where seq = 7");
        execute("update audit_entry set seq = 7 where seq = -6");
        assertBroken(6, Reason.OUT_OF_ORDER, "entry 6 holds the content of entry 7");
        // The last two swapped: the moved last entry is found by its predecessor or nearby.
        freshChain(ENTRIES);
        execute("update audit_entry set seq = -9 where seq = 9");
        execute("update audit_entry set seq = 9 where seq = 10");
        execute("update audit_entry set seq = 10 where seq = -9");
        assertBroken(9, Reason.OUT_OF_ORDER, "entry 9 holds the content of entry 10");
    }

    @Test
    void anEntryAppendedBehindTheHeadsBackIsNamed() throws SQLException {
        freshChain(ENTRIES);
        AuditEntry last = read(10);
        AuditEntry forged = read(10);
        forged.seq = 11;
        forged.prevHash = last.hash;
        forged.actor = "mallory";
        forged.hash = AuditCanonical.sha256(forged.canonical());
        insert(forged);
        assertBroken(11, Reason.HEAD_MISMATCH, "entries from 11 were added outside the log");
    }

    @Test
    void aHeadThatDoesNotNameTheLastEntryIsCaught() throws SQLException {
        freshChain(ENTRIES);
        execute("update audit_head set last_hash = '" + "3".repeat(64) + "'");
        assertBroken(10, Reason.HEAD_MISMATCH, "the head's hash is not the hash of entry 10");
        freshChain(ENTRIES);
        execute("delete from audit_head");
        assertBroken(10, Reason.HEAD_MISSING, "head row is missing");
    }

    @Test
    void verifyWalksPagesAndNamesABreakDeepInALongChain() throws SQLException {
        freshChain(0);
        int total = AuditVerifier.PAGE * 2 + 345;
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 1; i <= total; i++) {
                log.record(new Actor("bulk", null), AuditActions.IMPORT, null, Map.of("n", Integer.toString(i)));
            }
        });
        assertThat(verifier.verify()).isEqualTo(valid(total));
        execute("update audit_entry set details = '{\"n\":\"0\"}' where seq = 2100");
        assertBroken(2100, Reason.CONTENT_ALTERED, "entry 2100");
    }

    @Test
    void anEntryRecordedInATransactionThatRollsBackLeavesNoTrace() throws SQLException {
        freshChain(3);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                log.record(Actor.system(), AuditActions.IMPORT, "doomed", Map.of());
                throw new IllegalStateException("the change failed");
            });
        } catch (IllegalStateException expected) {
            // the caller's change and its entry roll back together
        }
        assertThat(query("select count(*) from audit_entry")).isEqualTo("3");
        assertThat(query("select last_seq from audit_head")).isEqualTo("3");
        log.record(Actor.system(), AuditActions.IMPORT, "after", Map.of());
        assertThat(verifier.verify()).isEqualTo(valid(4));
    }

    /**
     * Two appenders at once, each entry in a transaction of its own: this application from two
     * threads, and a plain JDBC connection that appends by the documented protocol (lock the head,
     * insert, move the head) as a second process sharing the database would. One chain results.
     */
    @Test
    void concurrentAppendersIncludingAnotherConnectionBuildOneChain() throws Exception {
        freshChain(0);
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (String name : List.of("thread-a", "thread-b")) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        log.record(new Actor(name, null), AuditActions.IMPORT, null, Map.of("i", Integer.toString(i)));
                    }
                }));
            }
            writers.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    foreignAppend("other-process", i);
                }
                return null;
            }));
            for (Future<?> writer : writers) {
                writer.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(verifier.verify()).isEqualTo(valid(3L * each));
        assertThat(query("select count(distinct actor) from audit_entry")).isEqualTo("3");
        // Interleaved, not one after the other: some other-process entry sits between the app's.
        assertThat(query("select count(*) from audit_entry where actor = 'other-process' and seq < "
                        + "(select max(seq) from audit_entry where actor <> 'other-process')"))
                .isNotEqualTo("0");
    }

    /** A head locked by another connection holds an append back until that connection commits. */
    @Test
    void anAppendWaitsForTheHeadLockedByAnotherConnection() throws Exception {
        freshChain(2);
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement();
                    ResultSet head =
                            statement.executeQuery("select last_seq from audit_head where id = 1 for update")) {
                assertThat(head.next()).isTrue();
            }
            CompletableFuture<Void> append = CompletableFuture.runAsync(
                    () -> log.record(Actor.system(), AuditActions.IMPORT, "waiting", Map.of()));
            try {
                append.get(700, TimeUnit.MILLISECONDS);
                throw new AssertionError("the append did not wait for the lock");
            } catch (TimeoutException expected) {
                // still waiting: the lock is honoured across connections
            }
            other.commit();
            append.get(30, TimeUnit.SECONDS);
        }
        assertThat(verifier.verify()).isEqualTo(valid(3));
    }

    private Broken assertBroken(long seq, Reason reason, String detail) {
        AuditVerification verification = verifier.verify();
        assertThat(verification).isInstanceOf(Broken.class);
        Broken broken = (Broken) verification;
        assertThat(broken.seq()).as(broken.detail()).isEqualTo(seq);
        assertThat(broken.reason()).as(broken.detail()).isEqualTo(reason);
        assertThat(broken.detail()).contains(detail);
        return broken;
    }

    private AuditVerification valid(long entries) throws SQLException {
        return new AuditVerification.Valid(
                entries,
                entries,
                entries == 0 ? AuditCanonical.GENESIS : query("select hash from audit_entry where seq = " + entries));
    }

    /** An empty log with its head at the start, then {@code entries} appended through the log. */
    void freshChain(int entries) throws SQLException {
        execute("delete from audit_entry");
        execute("delete from audit_head");
        execute("insert into audit_head (id, last_seq, last_hash) values (1, 0, '" + AuditCanonical.GENESIS + "')");
        for (int i = 1; i <= entries; i++) {
            log.record(
                    new Actor("tester-" + i, "192.0.2." + i),
                    AuditActions.IMPORT,
                    "import-" + i,
                    Map.of("n", Integer.toString(i), "outcome", "ACTIVATED"));
        }
    }

    /** The append protocol of docs/audit.md, on a connection of its own. */
    private void foreignAppend(String actor, int i) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            long seq;
            String prev;
            try (Statement statement = connection.createStatement();
                    ResultSet head = statement.executeQuery(
                            "select last_seq, last_hash from audit_head where id = 1 for update")) {
                head.next();
                seq = head.getLong(1) + 1;
                prev = head.getString(2);
            }
            AuditEntry entry = new AuditEntry();
            entry.seq = seq;
            entry.timeMillis = System.currentTimeMillis();
            entry.actor = actor;
            entry.action = AuditActions.IMPORT;
            entry.details = "{\"i\":\"" + i + "\"}";
            entry.prevHash = prev;
            entry.hash = AuditCanonical.sha256(entry.canonical());
            insert(connection, entry);
            try (PreparedStatement update =
                    connection.prepareStatement("update audit_head set last_seq = ?, last_hash = ? where id = 1")) {
                update.setLong(1, seq);
                update.setString(2, entry.hash);
                update.executeUpdate();
            }
            connection.commit();
        }
    }

    private AuditEntry read(long seq) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select seq, time_millis, actor, address, action, target, details, prev_hash, hash"
                                + " from audit_entry where seq = ?")) {
            select.setLong(1, seq);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                AuditEntry entry = new AuditEntry();
                entry.seq = row.getLong(1);
                entry.timeMillis = row.getLong(2);
                entry.actor = row.getString(3);
                entry.address = row.getString(4);
                entry.action = row.getString(5);
                entry.target = row.getString(6);
                entry.details = row.getString(7);
                entry.prevHash = row.getString(8);
                entry.hash = row.getString(9);
                return entry;
            }
        }
    }

    private void insert(AuditEntry entry) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, entry);
        }
    }

    private static void insert(Connection connection, AuditEntry entry) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into audit_entry (seq, time_millis, actor, address, action, target, details, prev_hash, hash)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, entry.seq);
            insert.setLong(2, entry.timeMillis);
            insert.setString(3, entry.actor);
            insert.setString(4, entry.address);
            insert.setString(5, entry.action);
            insert.setString(6, entry.target);
            insert.setString(7, entry.details);
            insert.setString(8, entry.prevHash);
            insert.setString(9, entry.hash);
            insert.executeUpdate();
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    String query(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return result.getString(1);
        }
    }
}
