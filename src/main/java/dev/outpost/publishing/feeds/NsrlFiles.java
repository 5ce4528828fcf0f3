package dev.outpost.publishing.feeds;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;

/**
 * NSRL's mapping, for both editions (offline-bundles/FEEDS.md §nsrl): a file of known software is
 * CLEAN, with every digest NSRL gives and nothing else. NSRL says a file was shipped, not when it
 * was seen, and names no threat.
 */
final class NsrlFiles {
    private static final Verdict KNOWN_SOFTWARE = new Verdict(Category.CLEAN, null, null, null, 0);

    private NsrlFiles() {}

    static ReputationRecord file(String md5, String sha1, String sha256) {
        return new ReputationRecord.File(
                new FileHashes(
                        hash(md5, HashType.MD5, "md5"),
                        hash(sha1, HashType.SHA1, "sha1"),
                        hash(sha256, HashType.SHA256, "sha256")),
                KNOWN_SOFTWARE);
    }

    private static Hash hash(String value, HashType type, String column) {
        String text = FeedValues.text(value);
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
