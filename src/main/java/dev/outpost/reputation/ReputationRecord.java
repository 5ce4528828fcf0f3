package dev.outpost.reputation;

/** One record of a dataset, as a publisher writes it and a lookup returns it. Closed set of kinds. */
public sealed interface ReputationRecord {
    Verdict verdict();

    ObjectKind kind();

    record File(FileHashes hashes, Verdict verdict) implements ReputationRecord {
        public File {
            if (hashes == null || verdict == null) {
                throw new InvalidInputException("invalid-record", "hashes and verdict are required", null);
            }
        }

        @Override
        public ObjectKind kind() {
            return ObjectKind.FILE;
        }
    }

    /**
     * A record found by a key that is not a file or certificate digest: a URL expression's or a
     * domain's SHA-256, or an IP range key (ADR 0008). The key is all an appliance holds: a vendor's
     * URL list is answered, never listed.
     */
    record Keyed(KeySpace space, byte[] key, Verdict verdict) implements ReputationRecord {
        public Keyed {
            if (space == null
                    || space.kind() == ObjectKind.FILE
                    || space.kind() == ObjectKind.CERTIFICATE
                    || key == null
                    || key.length != space.keyLength()
                    || verdict == null) {
                throw new InvalidInputException(
                        "invalid-record",
                        "a keyed record needs a URL, domain or IP range key space, its key and a verdict",
                        space == null ? null : space.id());
            }
            key = key.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public ObjectKind kind() {
            return space.kind();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Keyed keyed
                    && keyed.space == space
                    && java.util.Arrays.equals(keyed.key, key)
                    && keyed.verdict.equals(verdict);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(key) * 31 + verdict.hashCode();
        }

        @Override
        public String toString() {
            return "Keyed[" + space.id() + " " + java.util.HexFormat.of().formatHex(key) + " " + verdict + "]";
        }
    }

    record Certificate(Hash sha256, Verdict verdict) implements ReputationRecord {
        public Certificate {
            if (sha256 == null || sha256.type() != HashType.SHA256 || verdict == null) {
                throw new InvalidInputException(
                        "invalid-record", "a certificate record needs a SHA-256 thumbprint and a verdict", null);
            }
        }

        @Override
        public ObjectKind kind() {
            return ObjectKind.CERTIFICATE;
        }
    }
}
