package dev.outpost.publishing.feeds;

import static dev.outpost.publishing.feeds.FeedFixtures.describe;
import static dev.outpost.publishing.feeds.FeedFixtures.file;
import static dev.outpost.publishing.feeds.FeedFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NSRL RDSv3 databases built here with the documented schemas (interop.md §4.7): the minimal one,
 * where FILE is a table, and the curated one, where FILE is a view that uppercases the digests of
 * normalised tables. The reader asks both the same query.
 */
class NsrlRds3Test {
    private static final String SHA256 = "5a66edd50409d0428011498476cb3c8e4904dd64d1f709d4e8c625e3caf341a8";
    private static final String SHA1 = "6daa086577c91d8457ca0ead9ba2686b5122c10d";
    private static final String MD5 = "f833114cc2dbe51a8b0b275bbe6cb122";
    private static final String OTHER_SHA256 = "86e4e8a20d00ae61b302b6b07597921a614b16491b2ba76a3567eb3977f83cce";
    private static final String OTHER_SHA1 = "3359f1a2c8aaecae35d209015a439610a9e7ef27";
    private static final String OTHER_MD5 = "9e835cfc36bc1ccca8ed61801960ea1a";

    @TempDir
    Path dir;

    private static void execute(Path database, String... statements) throws SQLException {
        try (Connection connection = new org.sqlite.SQLiteConfig().createConnection("jdbc:sqlite:" + database);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Test
    void readsTheMinimalFlavourOnceForAFileListedInManyPackages() throws Exception {
        Path database = dir.resolve("RDS_2024.03.1_modern_minimal.db");
        execute(
                database,
                "CREATE TABLE FILE (sha256 VARCHAR NOT NULL, sha1 VARCHAR NOT NULL, md5 VARCHAR NOT NULL,"
                        + " crc32 VARCHAR NOT NULL, file_name VARCHAR NOT NULL, file_size INTEGER NOT NULL,"
                        + " package_id INTEGER NOT NULL, CONSTRAINT PK_FILE__FILE PRIMARY KEY (sha256, sha1, md5,"
                        + " crc32, file_name, file_size, package_id))",
                "CREATE TABLE MFG (manufacturer_id INTEGER NOT NULL, name VARCHAR NOT NULL,"
                        + " CONSTRAINT PK_MFG__MFG_ID PRIMARY KEY (manufacturer_id))",
                "CREATE VIEW DISTINCT_HASH AS SELECT DISTINCT sha256, sha1, md5, crc32 FROM FILE",
                row(SHA256, SHA1, MD5, "bash", 1),
                row(OTHER_SHA256, OTHER_SHA1, OTHER_MD5, "ls", 1),
                row(SHA256, SHA1, MD5, "bash", 2),
                row(SHA256, SHA1, MD5, "sh", 3));

        var read = read(FeedFormat.NSRL_RDS3, database, false);

        assertThat(read.report().summary())
                .endsWith(": 4 entries, 2 records, 0 not mapped, 2 consecutive duplicates, 0 invalid skipped");
        var bash = file(read.records(), SHA256);
        assertThat(bash.hashes().sha1().hex()).isEqualTo(SHA1);
        assertThat(bash.hashes().md5().hex()).isEqualTo(MD5);
        assertThat(describe(bash)).isEqualTo("CLEAN null null null");
        assertThat(file(read.records(), OTHER_MD5).hashes().sha256().hex()).isEqualTo(OTHER_SHA256);
    }

    private static String row(String sha256, String sha1, String md5, String name, int packageId) {
        return "INSERT INTO FILE VALUES ('" + sha256.toUpperCase() + "', '" + sha1.toUpperCase() + "', '"
                + md5.toUpperCase() + "', '0000ABCD', '" + name + "', 100, " + packageId + ")";
    }

    @Test
    void readsTheCuratedFlavourWhereFileIsAView() throws Exception {
        Path database = dir.resolve("RDS_2021.12.2_curated.db");
        execute(
                database,
                "CREATE TABLE PACKAGE_OBJECT (package_object_id INTEGER UNIQUE NOT NULL, package_id INTEGER NOT NULL,"
                        + " object_id INTEGER UNIQUE NOT NULL, PRIMARY KEY (package_object_id))",
                "CREATE TABLE METADATA (metadata_id NUMERIC UNIQUE NOT NULL, object_id INTEGER, key_hash VARCHAR NOT"
                        + " NULL, path VARCHAR NOT NULL, file_name VARCHAR NOT NULL, extension VARCHAR DEFAULT ''"
                        + " NOT NULL, bytes INTEGER NOT NULL, crc32 VARCHAR NOT NULL, md5 VARCHAR NOT NULL,"
                        + " sha1 VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, PRIMARY KEY (metadata_id))",
                "CREATE VIEW FILE AS SELECT UPPER(md.sha256) AS sha256, UPPER(md.sha1) AS sha1, UPPER(md.md5) AS md5,"
                        + " CASE md.extension WHEN '' THEN md.file_name ELSE md.file_name||'.'||md.extension END"
                        + " AS file_name, md.bytes AS file_size, po.package_id FROM METADATA AS md, PACKAGE_OBJECT"
                        + " AS po WHERE md.object_id = po.object_id",
                "INSERT INTO PACKAGE_OBJECT VALUES (1, 10, 100), (2, 11, 101), (3, 12, 102)",
                "INSERT INTO METADATA VALUES (1, 100, 'k', '/bin', 'bash', '', 1, '0', '" + MD5 + "', '" + SHA1 + "', '"
                        + SHA256 + "')",
                "INSERT INTO METADATA VALUES (2, 101, 'k', '/usr/bin', 'ls', '', 1, '0', '" + OTHER_MD5 + "', '"
                        + OTHER_SHA1 + "', '" + OTHER_SHA256 + "')",
                "INSERT INTO METADATA VALUES (3, 102, 'k', '/bin', 'bash', 'old', 1, '0', '" + MD5 + "', '" + SHA1
                        + "', '" + SHA256 + "')");

        var read = read(FeedFormat.NSRL_RDS3, database, false);

        assertThat(read.report().summary())
                .endsWith(": 3 entries, 2 records, 0 not mapped, 1 consecutive duplicates, 0 invalid skipped");
        assertThat(file(read.records(), SHA1).hashes().sha256().hex()).isEqualTo(SHA256);
    }

    @Test
    void opensTheDatabaseReadOnlyAndNamesTheRowOfABadDigest() throws Exception {
        Path database = dir.resolve("bad.db");
        execute(
                database,
                "CREATE TABLE FILE (sha256 VARCHAR, sha1 VARCHAR, md5 VARCHAR, crc32 VARCHAR, file_name VARCHAR)",
                "INSERT INTO FILE VALUES ('" + SHA256 + "', '" + SHA1 + "', 'nothex', '0', 'x')");
        long modified = Files.getLastModifiedTime(database).toMillis();
        byte[] before = Files.readAllBytes(database);

        assertThatThrownBy(() -> read(FeedFormat.NSRL_RDS3, database, false))
                .hasMessageStartingWith(database + ": FILE row 1: md5: hash has 6 characters");
        assertThat(Files.readAllBytes(database)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(database).toMillis()).isEqualTo(modified);
        assertThat(dir.resolve("bad.db-journal")).doesNotExist();
        assertThat(dir.resolve("bad.db-wal")).doesNotExist();
    }

    @Test
    void aViewThatComputesHugeValuesFailsInsteadOfFillingTheHeap() throws Exception {
        Path database = dir.resolve("hostile.db");
        execute(
                database,
                "CREATE VIEW FILE AS SELECT hex(zeroblob(200000000)) AS sha256, '" + SHA1 + "' AS sha1, NULL AS md5");
        assertThatThrownBy(() -> read(FeedFormat.NSRL_RDS3, database, false))
                .hasMessage(
                        database
                                + ": cannot be read as an NSRL RDSv3 SQLite database: String or BLOB exceeds size limit (string or blob too big)");
    }

    @Test
    void refusesADatabaseWithoutAFileRelationAndAFileThatIsNoDatabase() throws Exception {
        Path empty = dir.resolve("other.db");
        execute(empty, "CREATE TABLE something (x INTEGER)");
        assertThatThrownBy(() -> read(FeedFormat.NSRL_RDS3, empty, false))
                .hasMessage(empty + ": not an NSRL RDSv3 database: it has no FILE table or view");

        Path text = dir.resolve("NSRLFile.txt");
        Files.writeString(text, "\"SHA-1\",\"MD5\"\n".repeat(100));
        assertThatThrownBy(() -> read(FeedFormat.NSRL_RDS3, text, false))
                .hasMessageStartingWith(text + ": cannot be read as an NSRL RDSv3 SQLite database: ");
    }
}
