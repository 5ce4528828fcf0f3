package dev.outpost.reputation;

/** The digests known for one file: at least one, each of its own type. */
public record FileHashes(Hash md5, Hash sha1, Hash sha256) {
    public FileHashes {
        requireType(md5, HashType.MD5);
        requireType(sha1, HashType.SHA1);
        requireType(sha256, HashType.SHA256);
        if (md5 == null && sha1 == null && sha256 == null) {
            throw new InvalidInputException("invalid-record", "a file record needs at least one hash", null);
        }
    }

    private static void requireType(Hash hash, HashType type) {
        if (hash != null && hash.type() != type) {
            throw new InvalidInputException(
                    "invalid-record",
                    "expected a " + type.label() + " but got a " + hash.type().label(),
                    hash.hex());
        }
    }

    public Hash get(HashType type) {
        return switch (type) {
            case MD5 -> md5;
            case SHA1 -> sha1;
            case SHA256 -> sha256;
        };
    }

    /**
     * The strongest digest: the record's primary key. The entry under it is flagged primary so that
     * an importer can count distinct files although every digest has its own entry.
     */
    public HashType primaryType() {
        return sha256 != null ? HashType.SHA256 : sha1 != null ? HashType.SHA1 : HashType.MD5;
    }
}
