package dev.outpost.publishing.feeds;

import static dev.outpost.publishing.feeds.FeedFixtures.fixture;
import static dev.outpost.publishing.feeds.FeedFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedsTest {
    @TempDir
    Path dir;

    @Test
    void parsesFormatEqualsFile() {
        FeedSource source = FeedSource.parse("NSRL-RDS3=/data/RDS=2024.db");
        assertThat(source.format()).isEqualTo(FeedFormat.NSRL_RDS3);
        assertThat(source.path()).isEqualTo(Path.of("/data/RDS=2024.db"));
        assertThatThrownBy(() -> FeedSource.parse("openphish=feed.txt"))
                .hasMessageStartingWith("unknown feed format 'openphish'; known formats: malwarebazaar-csv,");
        assertThatThrownBy(() -> FeedSource.parse("feed.csv")).hasMessageStartingWith("a feed is given as FORMAT=FILE");
        assertThat(FeedFormat.ids()).hasSize(9).doesNotHaveDuplicates();
    }

    @Test
    void refusesAMissingSourceAFileForADirectoryAndADirectoryForAFile() {
        assertThatThrownBy(() -> read(FeedFormat.URLHAUS_CSV, dir.resolve("missing.csv"), false))
                .hasMessage("no such regular file: " + dir.resolve("missing.csv"));
        assertThatThrownBy(() -> read(FeedFormat.URLHAUS_CSV, dir, false))
                .hasMessage(dir + " is not a regular file (urlhaus-csv reads a regular file)");
    }

    /**
     * Found by FeedsFuzzTest#feed's ten-minute campaign: four leading bytes that Jackson reads as a
     * UTF-32 byte order it does not support fail when the parser is made, before any token.
     */
    @Test
    void aJsonDocumentWhoseEncodingCannotBeGuessedIsInvalidJsonInEveryJsonFormat() throws Exception {
        Path bad = dir.resolve("ucs4.json");
        Files.write(bad, new byte[] {0, (byte) 0xf9, 0, 0, 0, 0, 0, 0, 0x11, 'e', (byte) 0xa2, ':', ' ', '4'});
        for (FeedFormat format : new FeedFormat[] {FeedFormat.THREATFOX_JSON, FeedFormat.STIX2}) {
            assertThatThrownBy(() -> read(format, bad, true))
                    .as(format.id())
                    .isInstanceOf(dev.outpost.reputation.InvalidInputException.class)
                    .hasMessageStartingWith(
                            bad + ":1: not valid JSON: the text does not decode: Unsupported UCS-4 endianness");
        }
    }

    @Test
    void aFeedOfWhichEveryEntryIsInvalidIsAnErrorEvenWhenSkipping() throws Exception {
        // A MalwareBazaar file given as URLhaus: no URLhaus header, so every row is read by URLhaus's layout.
        Path wrong = dir.resolve("wrong.csv");
        Files.copy(fixture("malwarebazaar/recent.csv"), wrong);
        assertThatThrownBy(() -> read(FeedFormat.URLHAUS_CSV, wrong, true))
                .hasMessage(wrong + ": every one of its 2 entries is invalid; is it really urlhaus-csv?");
    }

    @Test
    void toldSkipsAreCappedButAllCounted() throws Exception {
        Path csv = dir.resolve("many.csv");
        StringBuilder text = new StringBuilder("# id,dateadded,url,url_status,last_online,threat,tags\n");
        text.append("\"1\",\"2026-01-01 00:00:00\",\"http://ok.example/\",\"online\",\"\",\"malware_download\",\"\"\n");
        for (int i = 0; i < 150; i++) {
            text.append("\"2\",\"not a date\",\"http://x.example/\",\"online\",\"\",\"malware_download\",\"\"\n");
        }
        Files.writeString(csv, text);

        var read = read(FeedFormat.URLHAUS_CSV, csv, true);

        assertThat(read.report().skipped()).isEqualTo(150);
        assertThat(read.warnings()).hasSize(FeedLimits.MAX_REPORTED_SKIPS + 1);
        assertThat(read.warnings().get(FeedLimits.MAX_REPORTED_SKIPS)).contains("only the first 100 are shown");
    }
}
