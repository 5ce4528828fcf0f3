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
     * domain's SHA-256, or an IP range key (ADR 0008). The key is all an appliance needs to answer;
     * a domain may also carry its name, when the publisher lets appliances list it (RPZ and Bloom
     * exports, issue 16). Names are never carried for URL expressions: a vendor's URL list is
     * answered, never listed.
     *
     * @param name the canonical domain name whose SHA-256 is the key, or null
     */
    record Keyed(KeySpace space, byte[] key, Verdict verdict, String name) implements ReputationRecord {
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
            if (name != null
                    && (space != KeySpace.DOMAIN_SHA256
                            || !java.util.Arrays.equals(DomainKey.sha256().digest(UrlKey.ascii(name)), key))) {
                throw new InvalidInputException(
                        "invalid-record",
                        "only a domain record carries a name, and its key is the name's SHA-256",
                        name);
            }
        }

        /** A record that an appliance can answer but not list. */
        public Keyed(KeySpace space, byte[] key, Verdict verdict) {
            this(space, key, verdict, null);
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        /** The same record without its name: what a publisher that does not list its domains writes. */
        public Keyed unlisted() {
            return name == null ? this : new Keyed(space, key, verdict, null);
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
                    && keyed.verdict.equals(verdict)
                    && java.util.Objects.equals(keyed.name, name);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(key) * 31 + verdict.hashCode();
        }

        @Override
        public String toString() {
            return "Keyed[" + space.id() + " "
                    + (name != null ? name : java.util.HexFormat.of().formatHex(key)) + " " + verdict + "]";
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
