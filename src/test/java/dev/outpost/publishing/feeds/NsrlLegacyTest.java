package dev.outpost.publishing.feeds;

import static dev.outpost.publishing.feeds.FeedFixtures.describe;
import static dev.outpost.publishing.feeds.FeedFixtures.file;
import static dev.outpost.publishing.feeds.FeedFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NsrlLegacyTest {
    @TempDir
    Path dir;

    @Test
    void readsSha1AndMd5PastUnquotedNumbersNonUtf8NamesAndStrayQuotes() throws Exception {
        var read = read(FeedFormat.NSRL_LEGACY, "nsrl/NSRLFile.txt");

        // Row 2 repeats row 1 (another product): dropped here. Row 5 repeats row 3 after another file:
        // read again, and the bundle writer keeps one (FEEDS.md §Precedence).
        assertThat(read.report().summary())
                .endsWith(": 5 entries, 4 records, 0 not mapped, 1 consecutive duplicates, 0 invalid skipped");
        var manifest = file(read.records(), "3359F1A2C8AAECAE35D209015A439610A9E7EF27");
        assertThat(manifest.hashes().md5().hex()).isEqualTo("9e835cfc36bc1ccca8ed61801960ea1a");
        assertThat(manifest.hashes().sha256()).isNull();
        assertThat(describe(manifest)).isEqualTo("CLEAN null null null");
        assertThat(file(read.records(), "6DAA086577C91D8457CA0EAD9BA2686B5122C10D")
                        .hashes()
                        .md5()
                        .hex())
                .as("a Latin-1 file name")
                .isEqualTo("f833114cc2dbe51a8b0b275bbe6cb122");
        assertThat(file(read.records(), "C9CBAB277BB8A5CC106BFD02E4026F76FB062E73")
                        .hashes()
                        .md5()
                        .hex())
                .as("a file name with unescaped quotes")
                .isEqualTo("7831a7a5bcb1fcd819383071c88f9b20");
    }

    @Test
    void refusesAFileWhoseFirstLineIsNotTheHeader() throws Exception {
        Path file = dir.resolve("NSRLFile.txt");
        Files.writeString(file, "\"3359F1A2C8AAECAE35D209015A439610A9E7EF27\",\"9E835CFC36BC1CCCA8ED61801960EA1A\"\n");
        assertThatThrownBy(() -> read(FeedFormat.NSRL_LEGACY, file, false))
                .hasMessageStartingWith(file + ":1: not an NSRLFile.txt: the first line must be its header");
    }

    @Test
    void namesTheLineOfABadDigest() throws Exception {
        Path file = dir.resolve("NSRLFile.txt");
        Files.writeString(
                file,
                "\"SHA-1\",\"MD5\",\"CRC32\",\"FileName\"\n"
                        + "\"3359F1A2C8AAECAE35D209015A439610A9E7EF27\",\"9E835CFC36BC1CCCA8ED61801960EA1A\",\"0\",\"a\"\n"
                        + "\"3359F1A2C8AAECAE35D209015A439610A9E7EF2\",\"9E835CFC36BC1CCCA8ED61801960EA1A\",\"0\",\"b\"\n");
        assertThatThrownBy(() -> read(FeedFormat.NSRL_LEGACY, file, false))
                .hasMessageStartingWith(file + ":3: sha1: hash has 39 characters");
    }
}
