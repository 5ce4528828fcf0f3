package dev.outpost.reputation;

/** One record of a dataset, as a publisher writes it and a lookup returns it. Closed set of kinds. */
public sealed interface ReputationRecord {
    Verdict verdict();

    ObjectKind kind();

    record File(FileHashes hashes, Verdict verdict) implements ReputationRecord {
        public File {
            if (hashes == null || verdict == null) {
                throw new IllegalArgumentException("hashes and verdict are required");
            }
        }

        @Override
        public ObjectKind kind() {
            return ObjectKind.FILE;
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
