package dev.outpost.local;

/** What a local verdict is about: one per (kind, canonical subject), as the table's unique key says. */
record SubjectKey(LocalKind kind, String subject) {
    static SubjectKey of(LocalVerdict row) {
        return new SubjectKey(LocalKind.of(row.kind), row.subject);
    }

    @Override
    public String toString() {
        return kind.id() + " '" + subject + "'";
    }
}
