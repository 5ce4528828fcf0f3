package dev.outpost.publishing.feeds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import dev.outpost.publishing.FeedLines;
import dev.outpost.reputation.InvalidInputException;

/**
 * NSRL's legacy {@code NSRLFile.txt} (interop.md §4.7): the first line is the header, {@code
 * "SHA-1","MD5","CRC32","FileName",…}, and each row lists one file of one product, uppercase hex.
 * The file is tens of GB, has unquoted numbers and, in practice, bytes that are not UTF-8 in file
 * names: lines are read as bytes and only the two digest fields are parsed (they come first), so
 * nothing after them — a file name with a stray quote, a Latin-1 byte — can break a row. NIST's
 * file appears sorted by SHA-1, so a file listed once per product comes in consecutive rows: those
 * are counted as duplicates and dropped here, cheaply; other repeats are merged by the bundle
 * writer.
 */
final class NsrlLegacy implements FeedReader {
    @Override
    public void read(Path file, FeedContext context) throws IOException {
        try (FeedLines lines =
                new FeedLines(Files.newInputStream(file), FeedLines.Decoding.BYTES, FeedLimits.MAX_LINE_BYTES)) {
            int[] columns = header(file, lines);
            int width = Math.max(columns[0], columns[1]) + 1;
            String previousSha1 = null;
            String previousMd5 = null;
            while (true) {
                String line;
                try {
                    line = lines.next();
                } catch (InvalidInputException e) {
                    context.invalid(file + ":" + lines.number(), e);
                    continue;
                }
                if (line == null) {
                    return;
                }
                if (line.isBlank()) {
                    continue;
                }
                String location = file + ":" + lines.number();
                List<String> cells;
                try {
                    cells = FeedCsv.split(line, width);
                    if (cells.size() < width) {
                        throw new InvalidInputException(
                                "invalid-row",
                                "the row has " + cells.size() + " fields; SHA-1 and MD5 are required",
                                line);
                    }
                } catch (InvalidInputException e) {
                    context.invalid(location, e);
                    continue;
                }
                String sha1 = cells.get(columns[0]);
                String md5 = cells.get(columns[1]);
                if (sha1.equalsIgnoreCase(previousSha1) && md5.equalsIgnoreCase(previousMd5)) {
                    context.duplicate();
                    continue;
                }
                previousSha1 = sha1;
                previousMd5 = md5;
                context.entry(location, out -> out.accept(NsrlFiles.file(md5, sha1, null)));
            }
        }
    }

    /** The positions of SHA-1 and MD5, from the header line, which must be the first. */
    private static int[] header(Path file, FeedLines lines) throws IOException {
        String first;
        try {
            first = lines.next();
        } catch (InvalidInputException e) {
            throw FeedContext.fatal(file + ":1", e.detail(), null);
        }
        List<String> names = first == null
                ? List.of()
                : FeedCsv.split(first).stream()
                        .map(name -> name.strip().toUpperCase(Locale.ROOT))
                        .toList();
        int sha1 = names.indexOf("SHA-1");
        int md5 = names.indexOf("MD5");
        if (sha1 < 0 || md5 < 0) {
            throw FeedContext.fatal(
                    file + ":1",
                    "not an NSRLFile.txt: the first line must be its header, \"SHA-1\",\"MD5\",\"CRC32\",…",
                    first);
        }
        return new int[] {sha1, md5};
    }
}
